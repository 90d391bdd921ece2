import { sendCommand } from '../../services/cti-client';
import type { UiResult } from '../../services/ui-error';
import { callAnswered, callEnded, callHeld } from './call-store';

/** Call controls. Each applies its own ack at once; the matching push later is idempotent. */
export async function answerCall(callId: string): Promise<UiResult<null>> {
  const res = await sendCommand('call:answer', { callId });
  if (!res.ok) return res;
  callAnswered(res.data);
  return { ok: true, data: null };
}

export async function rejectCall(callId: string): Promise<UiResult<null>> {
  const res = await sendCommand('call:reject', { callId });
  return res.ok ? { ok: true, data: null } : res;
}

export async function holdCall(callId: string, hold: boolean): Promise<UiResult<null>> {
  const res = await sendCommand('call:hold', { callId, hold });
  if (!res.ok) return res;
  callHeld(res.data.callId, res.data.held);
  return { ok: true, data: null };
}

export async function hangupCall(callId: string): Promise<UiResult<null>> {
  const res = await sendCommand('call:hangup', { callId });
  if (!res.ok) return res;
  callEnded(res.data);
  return { ok: true, data: null };
}
