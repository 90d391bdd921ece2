import { fail, ok, type Result } from '../../../protocol/errors';
import type { AgentMonitorTalk, MonitorMode } from '../../../protocol/supervision.schema';
import type { AgentChannel } from '../agent-channel';

/** How long the agent's page has to answer a supervisor's voice leg. */
export const TALK_ANSWER_MS = 10_000;

interface Leg {
  agentId: number;
  callId: string;
  /** Settles the supervisor's `monitor:talk`: the agent page's answer, or why there is none. */
  waiting: ((result: Result<{ sdp: string }>) => void) | null;
}

/**
 * Whisper and barge without a media server: the supervisor's voice travels to the agent's page on a WebRTC
 * connection of its own, and the bridge only relays its signalling (offer to the agent's consoles, the answer back
 * as the supervisor's ack), then tells the agent's page where the voice goes as the mode changes, and when it ends.
 */
export function createTalkRelay(deps: { channel: AgentChannel; timeoutMs?: number }) {
  const legs = new Map<string, Leg>();
  const emit = (agentId: number, fact: AgentMonitorTalk) =>
    deps.channel.emit(agentId, 'agent:monitor-talk', fact);

  return {
    /** The supervisor's page offers its voice; resolves with the agent page's answer. */
    offer(
      session: { monitorId: string; agentId: number; callId: string; mode: MonitorMode },
      sdp: string,
    ): Promise<Result<{ sdp: string }>> {
      const previous = legs.get(session.monitorId);
      if (previous?.waiting) return Promise.resolve(fail('CONFLICT', 'a voice leg is being set up already'));
      return new Promise((resolve) => {
        const leg: Leg = { agentId: session.agentId, callId: session.callId, waiting: null };
        const timer = setTimeout(() => {
          leg.waiting = null;
          legs.delete(session.monitorId);
          emit(leg.agentId, { monitorId: session.monitorId, callId: leg.callId, mode: null, offer: null });
          resolve(fail('NOT_AVAILABLE', "the agent's console did not answer the voice connection"));
        }, deps.timeoutMs ?? TALK_ANSWER_MS);
        leg.waiting = (result) => {
          clearTimeout(timer);
          leg.waiting = null;
          resolve(result);
        };
        legs.set(session.monitorId, leg);
        emit(session.agentId, {
          monitorId: session.monitorId,
          callId: session.callId,
          mode: session.mode,
          offer: sdp,
        });
      });
    },

    /** The agent's page answered; only the agent the leg goes to can answer it. */
    answer(agentId: number, monitorId: string, sdp: string): Result<null> {
      const leg = legs.get(monitorId);
      if (!leg || leg.agentId !== agentId || !leg.waiting)
        return fail('NOT_FOUND', 'no voice leg waits for you');
      leg.waiting(ok({ sdp }));
      return ok(null);
    },

    /** Where the voice goes now (the supervisor switched mode). */
    mode(monitorId: string, mode: MonitorMode): void {
      const leg = legs.get(monitorId);
      if (leg) emit(leg.agentId, { monitorId, callId: leg.callId, mode, offer: null });
    },

    /** The monitoring ended: the agent's page closes the leg. */
    end(monitorId: string): void {
      const leg = legs.get(monitorId);
      if (!leg) return;
      legs.delete(monitorId);
      leg.waiting?.(fail('INVALID_STATE', 'the monitoring ended'));
      emit(leg.agentId, { monitorId, callId: leg.callId, mode: null, offer: null });
    },
  };
}

export type TalkRelay = ReturnType<typeof createTalkRelay>;
