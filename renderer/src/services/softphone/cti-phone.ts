import { sendCommand } from '../cti-client';
import type { CallAnswered, CallEnded, CallHeld } from '../protocol';
import { uiError, type UiResult } from '../ui-error';
import { ctiCapabilities, type DialResult, type Phone, type PhoneCapabilities } from './phone';

/** Where the acks of CTI commands go, so the console shows them at once (the matching pushes are idempotent). */
export interface CtiPhoneSink {
  answered(fact: CallAnswered): void;
  held(fact: CallHeld): void;
  ended(fact: CallEnded): void;
}

const notHere = (): UiResult<null> => ({
  ok: false,
  error: uiError('NOT_AVAILABLE', 'this phone has no audio path (simulated PBX)'),
});

/**
 * The phone in sim mode: calls are virtual and live in the bridge, so every control is a socket command. No
 * audio, so no mute, DTMF, transfer or dialling.
 */
export class CtiPhone implements Phone {
  readonly kind = 'cti' as const;

  constructor(private readonly sink: CtiPhoneSink) {}

  capabilities(): PhoneCapabilities {
    return ctiCapabilities;
  }

  async answer(callId: string): Promise<UiResult<null>> {
    const res = await sendCommand('call:answer', { callId });
    if (!res.ok) return res;
    this.sink.answered(res.data);
    return { ok: true, data: null };
  }

  async reject(callId: string): Promise<UiResult<null>> {
    const res = await sendCommand('call:reject', { callId });
    return res.ok ? { ok: true, data: null } : res;
  }

  async hold(callId: string, held: boolean): Promise<UiResult<null>> {
    const res = await sendCommand('call:hold', { callId, hold: held });
    if (!res.ok) return res;
    this.sink.held(res.data);
    return { ok: true, data: null };
  }

  async hangup(callId: string): Promise<UiResult<null>> {
    const res = await sendCommand('call:hangup', { callId });
    if (!res.ok) return res;
    this.sink.ended(res.data);
    return { ok: true, data: null };
  }

  mute = async (): Promise<UiResult<null>> => notHere();
  sendDtmf = async (): Promise<UiResult<null>> => notHere();
  transferBlind = async (): Promise<UiResult<null>> => notHere();
  completeConsult = async (): Promise<UiResult<null>> => notHere();
  cancelConsult = async (): Promise<UiResult<null>> => notHere();
  dial = async (): Promise<DialResult> => ({ ok: false, failure: { kind: 'not-registered' } });
  startConsult = async (): Promise<DialResult> => ({ ok: false, failure: { kind: 'not-registered' } });

  async stop(): Promise<void> {}
}
