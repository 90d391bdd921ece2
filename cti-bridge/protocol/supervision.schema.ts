import { z } from 'zod';

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/;
/** Why a supervisor acted: required, shown to the agent and kept in the audit log. */
const reasonSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((text) => !controlCharacter.test(text), { message: 'must not contain control characters' });
const agentIdSchema = z.number().int().positive();

/** Supervisors and admins: force an agent not ready (an offer ringing goes back) or sign them out. */
export const forceStateCommandSchema = z.object({
  agentId: agentIdSchema,
  status: z.enum(['not-ready', 'logged-out']),
  reason: reasonSchema,
});
export type ForceStateCommand = z.infer<typeof forceStateCommandSchema>;

/** Supervisors and admins: end the agent's call (a stuck one the bridge still holds, too). */
export const endCallCommandSchema = z.object({ agentId: agentIdSchema, reason: reasonSchema });
export type EndCallCommand = z.infer<typeof endCallCommandSchema>;

export const supervisorActions = ['force-not-ready', 'force-logout', 'end-call'] as const;
export type SupervisorAction = (typeof supervisorActions)[number];

/**
 * Told to the agent's consoles when a supervisor acted on them: what, why and who. `pending` when it applies after
 * the call and wrap-up in progress (a forced not ready during a call).
 */
export const agentSupervisedSchema = z.object({
  action: z.enum(supervisorActions),
  reason: z.string(),
  by: z.string(),
  at: z.number().int(),
  pending: z.boolean(),
});
export type AgentSupervised = z.infer<typeof agentSupervisedSchema>;

/** Listen: hear both parties; whisper: also talk to the agent only; barge: talk to both. */
export const monitorModes = ['listen', 'whisper', 'barge'] as const;
export const monitorModeSchema = z.enum(monitorModes);
export type MonitorMode = z.infer<typeof monitorModeSchema>;

/** `reason`: why the supervisor listens in (kept in the audit log; optional, as a routine quality check needs none). */
export const monitorStartSchema = z.object({
  agentId: agentIdSchema,
  mode: monitorModeSchema,
  reason: reasonSchema.optional(),
});
export const monitorRefSchema = z.object({ monitorId: z.string().min(1).max(100) });
export const monitorModeCommandSchema = monitorRefSchema.extend({ mode: monitorModeSchema });
export const monitorAnswerSchema = monitorRefSchema.extend({ sdp: z.string().min(1).max(20_000) });
/**
 * Whisper and barge: the supervisor's voice goes to the agent's page over its own WebRTC connection, signalled
 * through the bridge — the supervisor's page sends its offer (`monitor:talk`), the agent's page answers
 * (`monitor:talk-answer`) and the bridge hands that answer back as the ack. The agent's page mixes the voice in
 * (whisper: into what the agent hears; barge: into what the customer hears too).
 */
export const monitorTalkSchema = monitorAnswerSchema;
export const monitorTalkAnsweredSchema = z.object({ sdp: z.string() });
export type MonitorTalkAnswered = z.infer<typeof monitorTalkAnsweredSchema>;

/**
 * The agent's page, always (it carries media, not a notice): a supervisor's voice leg on this call. `offer` (once,
 * when the supervisor starts talking) is answered with `monitor:talk-answer`; `mode` says where the voice goes
 * (listen: nowhere, whisper: the agent, barge: the agent and the customer); null: the leg is over.
 */
export const agentMonitorTalkSchema = z.object({
  monitorId: z.string(),
  callId: z.string(),
  mode: monitorModeSchema.nullable(),
  offer: z.string().nullable(),
});
export type AgentMonitorTalk = z.infer<typeof agentMonitorTalkSchema>;

/**
 * One supervisor listening to one call. `offer` is the media offer (SDP, real PBX) the supervisor's page answers
 * with `monitor:answer`; null with the simulated PBX (no audio, the same flow).
 */
export const monitorSessionSchema = z.object({
  monitorId: z.string(),
  agentId: z.number().int(),
  callId: z.string(),
  mode: monitorModeSchema,
  startedAt: z.number().int(),
  offer: z.string().nullable(),
});
export type MonitorSession = z.infer<typeof monitorSessionSchema>;

export const monitorEndReasons = ['stopped', 'call-ended', 'supervisor-left', 'media-failed'] as const;
/** The supervisor's page: the monitoring ended (the call ended, or it was stopped). */
export const monitorEndedSchema = z.object({
  monitorId: z.string(),
  callId: z.string(),
  reason: z.enum(monitorEndReasons),
});
export type MonitorEnded = z.infer<typeof monitorEndedSchema>;

/**
 * The agent's consoles, where the call center's policy says agents are told (`RINGSIDE_MONITOR_NOTICE`): a
 * supervisor listens (or whispers, or barged in); `mode` null once nobody does any more.
 */
export const agentMonitoredSchema = z.object({
  callId: z.string(),
  mode: monitorModeSchema.nullable(),
  by: z.string().nullable(),
});
export type AgentMonitored = z.infer<typeof agentMonitoredSchema>;

/** One agent on the floor as the supervisors' controls list them (the wallboard's rows carry more). */
export const floorAgentSchema = z.object({
  agentId: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  status: z.enum(['logged-out', 'not-ready', 'ready', 'ringing', 'on-call', 'wrap-up']),
  reason: z.string().nullable(),
  callId: z.string().nullable(),
});
export type FloorAgent = z.infer<typeof floorAgentSchema>;
export const floorAgentsSchema = z.object({ agents: z.array(floorAgentSchema) });
