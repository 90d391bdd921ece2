import { phone } from '../../services/softphone/softphone';
import type { UiResult } from '../../services/ui-error';

/**
 * Call controls, through the console's phone: bridge commands in sim mode, SIP on the softphone against a real
 * PBX (the bridge then learns the outcome from the PBX and pushes the facts).
 */
export function answerCall(callId: string): Promise<UiResult<null>> {
  return phone().answer(callId);
}

export function rejectCall(callId: string): Promise<UiResult<null>> {
  return phone().reject(callId);
}

export function holdCall(callId: string, hold: boolean): Promise<UiResult<null>> {
  return phone().hold(callId, hold);
}

export function hangupCall(callId: string): Promise<UiResult<null>> {
  return phone().hangup(callId);
}
