import type { MediaFork } from '../../pbx/pbx-adapter';

/**
 * The PBX's media fork addressed by the bridge's call ids: a call the agent's softphone placed (an agent-dialled
 * progressive or preview call) is known to the PBX by its SIP Call-ID, not by the id the agent's state carries.
 */
export function byPbxCallId(fork: MediaFork, calls: { pbxCallIdOf(callId: string): string }): MediaFork {
  return {
    subscribe: (callId) => fork.subscribe(calls.pbxCallIdOf(callId)),
    answer: (callId, handle, sdp) => fork.answer(calls.pbxCallIdOf(callId), handle, sdp),
    unsubscribe: (callId, handle, callEnded) =>
      fork.unsubscribe(calls.pbxCallIdOf(callId), handle, callEnded),
  };
}
