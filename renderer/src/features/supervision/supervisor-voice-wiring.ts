import { sendCommand } from '../../services/cti-client';
import type { AgentMonitorTalk } from '../../services/protocol';
import { phone } from '../../services/softphone/softphone';
import { SupervisorVoices } from '../../services/softphone/supervisor-voice';

/** This agent's call: supervisors' voices, mixed in by the page (whisper: the agent hears; barge: both parties). */
const voices = new SupervisorVoices((callId) => phone().callPeer?.(callId) ?? null);

/** `agent:monitor-talk`: answer a supervisor's voice offer, move it to its mode, or close it. */
export function supervisorTalk(fact: AgentMonitorTalk): void {
  if (fact.mode === null) return voices.close(fact.monitorId);
  if (fact.offer === null) return voices.setMode(fact.monitorId, fact.mode);
  const { monitorId, callId, mode, offer } = fact;
  void voices
    .answer(monitorId, callId, mode, offer)
    .then((sdp) => sendCommand('monitor:talk-answer', { monitorId, sdp }))
    .catch((err: unknown) => {
      console.warn("[supervision] could not take the supervisor's voice", err);
      voices.close(monitorId);
    });
}

export function closeSupervisorVoices(): void {
  voices.closeAll();
}
