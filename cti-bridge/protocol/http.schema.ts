import { z } from 'zod';

export const roleSchema = z.enum(['agent', 'supervisor', 'admin']);
export type Role = z.infer<typeof roleSchema>;

export const loginRequestSchema = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
});

export const userViewSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  locale: z.string(),
  skills: z.array(z.string()),
});
export type UserView = z.infer<typeof userViewSchema>;

/**
 * Per-agent SIP credentials for the softphone, issued at login when the bridge runs against a real PBX. The
 * password is fresh for every login; only its HA1 is stored where Kamailio checks it.
 */
export const sipCredentialsSchema = z.object({
  /** SIP over WebSocket endpoint of the PBX edge, e.g. ws://pbx.example.com:8188 */
  wsUri: z.string(),
  /** The agent's address of record, e.g. sip:agent1@ringside.local */
  aor: z.string(),
  authorizationUsername: z.string(),
  password: z.string(),
  realm: z.string(),
  displayName: z.string(),
});
export type SipCredentials = z.infer<typeof sipCredentialsSchema>;

export const loginResponseSchema = z.object({
  token: z.string(),
  user: userViewSchema,
  /** Null with the simulated PBX (no softphone needed) and for users without a SIP identity. */
  sip: sipCredentialsSchema.nullable(),
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

/** C0 controls (NUL included), DEL and C1 controls: never part of a name, a company or a phone number. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/;
const withoutControls = <S extends z.ZodString>(schema: S) =>
  schema.refine((text) => !controlCharacter.test(text), { message: 'must not contain control characters' });

export const lookupQuerySchema = z.object({ number: withoutControls(z.string().max(300)) });
export const searchQuerySchema = z.object({
  q: withoutControls(z.string().trim().min(1).max(100)),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const idParamSchema = z.object({ id: z.coerce.number().int().positive() });

export const simCallRequestSchema = z.object({
  from: z.string().max(300),
  to: z.string().min(1).max(64),
  /** Seconds the simulated caller waits for an agent before abandoning (default 600). */
  patienceSec: z.number().int().min(1).max(3600).optional(),
  /** The simulated caller chooses a callback (keeping their place) after this many seconds, instead of abandoning. */
  callbackAfterSec: z.number().int().min(1).max(3600).optional(),
  /**
   * Data attached upstream, as an IVR or carrier would pass it in SIP headers (header → value). Only the headers
   * the routing rules configure are read; the rest, and values too long or in the wrong charset, are dropped.
   */
  attached: z.record(z.string().max(64), z.string().max(2048)).optional(),
});
/** `interactionId` is null when the call was refused (unknown service number). */
export const simCallResponseSchema = z.object({
  callId: z.string(),
  interactionId: z.number().int().nullable(),
});

export const healthSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  pbx: z.enum(['sim', 'kamailio']),
  uptimeSec: z.number(),
  /** Failures the bridge contained since it started (a database write refused in a timer, say): see its log. */
  faults: z.number().int().nonnegative(),
});
