import type { AgentState } from '../../../protocol/agent-state.schema';
import { fail, ok, type Result } from '../../../protocol/errors';
import type { MonitorEnded, MonitorMode, MonitorSession } from '../../../protocol/supervision.schema';
import type { MediaFork } from '../../pbx/pbx-adapter';
import type { AuditRepository } from '../../repositories/audit.repository';
import type { AgentChannel } from '../agent-channel';
import type { AgentFloor } from '../agent-floor';
import { createTalkRelay } from './talk-relay';

export interface MonitoringDeps {
  now: () => number;
  newId: () => string;
  floor: AgentFloor;
  /** The PBX's media fork; null when it has none (NOT_AVAILABLE). */
  media: MediaFork | null;
  audit: AuditRepository;
  channel: AgentChannel;
  /** Tells one user's consoles (the supervisor's page) that a monitoring ended. */
  toUser: (userId: number, fact: MonitorEnded) => void;
  displayName: (userId: number) => string;
  /** When agents are told (see Config.monitorNotice). */
  notice: 'always' | 'talk-only';
  /** Failures after the fact (an unsubscribe the PBX refused) are reported, not thrown. */
  report: (where: string, error: unknown) => void;
  /** How long an agent's page has to answer a supervisor's voice leg (whisper, barge). */
  talkAnswerMs?: number;
}

interface Session extends MonitorSession {
  supervisorId: number;
  handle: string;
}

const strength: Record<MonitorMode, number> = { listen: 1, whisper: 2, barge: 3 };

/**
 * Supervisors listen to, whisper to and barge into agents' calls. Each start, mode change and end is audited; the
 * agent is told where policy says; a session ends with its call (the supervisor's page is told) or when stopped.
 */
export function createMonitoring(deps: MonitoringDeps) {
  const sessions = new Map<string, Session>();
  /** What each agent was last told, so a change is told once. */
  const told = new Map<number, { callId: string; mode: MonitorMode | null; by: string | null }>();
  const talk = createTalkRelay({
    channel: deps.channel,
    ...(deps.talkAnswerMs === undefined ? {} : { timeoutMs: deps.talkAnswerMs }),
  });

  const audit = (session: Session, action: string, details: Record<string, unknown> = {}) =>
    deps.audit.record({
      at: deps.now(),
      actorUserId: session.supervisorId,
      action: `supervisor.${action}`,
      subject: `user:${session.agentId}`,
      decision: 'done',
      details: { callId: session.callId, mode: session.mode, ...details },
    });

  /** Tells the agent the strongest mode the policy lets them see (null: nobody they are told about). */
  const tellAgent = (agentId: number, callId: string) => {
    const visible = [...sessions.values()]
      .filter((s) => s.agentId === agentId && s.callId === callId)
      .filter((s) => deps.notice === 'always' || s.mode !== 'listen')
      .sort((a, b) => strength[b.mode] - strength[a.mode])[0];
    const next = {
      callId,
      mode: visible?.mode ?? null,
      by: visible ? deps.displayName(visible.supervisorId) : null,
    };
    const last = told.get(agentId);
    if (last?.callId === next.callId && last.mode === next.mode && last.by === next.by) return;
    if (!last && next.mode === null) return;
    if (next.mode === null) told.delete(agentId);
    else told.set(agentId, next);
    deps.channel.emit(agentId, 'agent:monitored', next);
  };

  const view = ({ supervisorId: _s, handle: _h, ...session }: Session): MonitorSession => session;

  const end = (session: Session, reason: MonitorEnded['reason']) => {
    if (!sessions.delete(session.monitorId)) return;
    talk.end(session.monitorId);
    const callEnded = reason === 'call-ended';
    if (deps.media)
      void deps.media
        .unsubscribe(session.callId, session.handle, callEnded)
        .catch((error: unknown) => deps.report('monitor unsubscribe', error));
    audit(session, 'monitor-ended', { reason, seconds: Math.round((deps.now() - session.startedAt) / 1000) });
    deps.toUser(session.supervisorId, { monitorId: session.monitorId, callId: session.callId, reason });
    tellAgent(session.agentId, session.callId);
  };

  const own = (supervisorId: number, monitorId: string) => {
    const session = sessions.get(monitorId);
    return session?.supervisorId === supervisorId ? session : undefined;
  };

  return {
    async start(
      supervisorId: number,
      agentId: number,
      mode: MonitorMode,
      reason?: string,
    ): Promise<Result<MonitorSession>> {
      if (!deps.media) return fail('NOT_AVAILABLE', 'this phone system cannot fork media for listening');
      if (agentId === supervisorId) return fail('CONFLICT', 'you cannot listen to your own calls');
      const state = deps.floor.get(agentId);
      if (state.status !== 'on-call' || state.callId === null)
        return fail('INVALID_STATE', `the agent has no connected call (${state.status})`);
      const callId = state.callId;
      for (const s of sessions.values())
        if (s.supervisorId === supervisorId && s.callId === callId)
          return fail('CONFLICT', 'you are already on this call');
      let forked: { offer: string | null; handle: string };
      try {
        forked = await deps.media.subscribe(callId);
      } catch (error) {
        deps.report('monitor subscribe', error);
        return fail('NOT_AVAILABLE', "the call's audio cannot be reached for listening");
      }
      const { offer, handle } = forked;
      // the call may have ended while the PBX prepared the media
      const now = deps.floor.get(agentId);
      if (now.status !== 'on-call' || now.callId !== callId) {
        void deps.media
          .unsubscribe(callId, handle, true)
          .catch((error: unknown) => deps.report('monitor unsubscribe', error));
        return fail('INVALID_STATE', 'the call ended');
      }
      const session: Session = {
        monitorId: deps.newId(),
        agentId,
        callId,
        mode,
        startedAt: deps.now(),
        offer,
        supervisorId,
        handle,
      };
      sessions.set(session.monitorId, session);
      audit(session, 'monitor-started', reason ? { reason } : {});
      tellAgent(agentId, callId);
      return ok(view(session));
    },

    async answer(supervisorId: number, monitorId: string, sdp: string): Promise<Result<null>> {
      const session = own(supervisorId, monitorId);
      if (!session) return fail('NOT_FOUND', 'no such monitoring session of yours');
      if (!deps.media || session.offer === null) return ok(null);
      try {
        await deps.media.answer(session.callId, session.handle, sdp);
      } catch (error) {
        deps.report('monitor answer', error);
        end(session, 'media-failed');
        return fail('NOT_AVAILABLE', "the call's audio could not be connected");
      }
      return ok(null);
    },

    /** Whisper / barge: relays the supervisor's voice offer to the agent's page; acked with its answer. */
    talk(supervisorId: number, monitorId: string, sdp: string): Promise<Result<{ sdp: string }>> {
      const session = own(supervisorId, monitorId);
      if (!session) return Promise.resolve(fail('NOT_FOUND', 'no such monitoring session of yours'));
      return talk.offer(session, sdp);
    },

    /** The agent's page answered a supervisor's voice leg. */
    talkAnswer(agentId: number, monitorId: string, sdp: string): Result<null> {
      return talk.answer(agentId, monitorId, sdp);
    },

    setMode(supervisorId: number, monitorId: string, mode: MonitorMode): Result<MonitorSession> {
      const session = own(supervisorId, monitorId);
      if (!session) return fail('NOT_FOUND', 'no such monitoring session of yours');
      if (session.mode !== mode) {
        const from = session.mode;
        session.mode = mode;
        audit(session, 'monitor-mode', { from });
        tellAgent(session.agentId, session.callId);
        talk.mode(monitorId, mode);
      }
      return ok(view(session));
    },

    stop(supervisorId: number, monitorId: string, reason: MonitorEnded['reason']): Result<null> {
      const session = own(supervisorId, monitorId);
      if (!session) return fail('NOT_FOUND', 'no such monitoring session of yours');
      end(session, reason);
      return ok(null);
    },

    /** Every agent state change: a session whose call is no longer the agent's live call ends. */
    agentStateChanged(state: AgentState): void {
      for (const session of [...sessions.values()])
        if (
          session.agentId === state.agentId &&
          (state.status !== 'on-call' || state.callId !== session.callId)
        )
          end(session, 'call-ended');
    },

    /** The supervisor's last console went away: their sessions end. */
    supervisorLeft(supervisorId: number): void {
      for (const session of [...sessions.values()])
        if (session.supervisorId === supervisorId) end(session, 'supervisor-left');
    },

    /** The sessions on an agent's call (the wallboard's row shows who listens). */
    of(agentId: number): MonitorSession[] {
      return [...sessions.values()].filter((s) => s.agentId === agentId).map(view);
    },
  };
}

export type Monitoring = ReturnType<typeof createMonitoring>;
