import { createStore } from '../store';
import type { DialFailure, RegistrationState } from './phone';

export type LineState = 'ringing' | 'dialing' | 'live';

/** One SIP call leg at this phone, keyed by its SIP Call-ID (= the bridge's call id for offered calls). */
export interface LineView {
  id: string;
  direction: 'inbound' | 'outbound';
  /** Who is on the other end, as a dialable user part (number or agent name). */
  remote: string;
  state: LineState;
  held: boolean;
  muted: boolean;
  /** When the call was answered (ms epoch), for the call timer. */
  answeredAt: number | null;
  /** The line this one consults for an attended transfer, if it is a consult call. */
  consultFor: string | null;
  /** Answered by the phone itself (auto-answer: the bridge's dialer connected a customer to this agent). */
  autoAnswered: boolean;
}

export interface SoftphoneState {
  kind: 'webrtc' | 'cti';
  registration: RegistrationState;
  /** The transport dropped (or never came up) and the phone is trying again: show the banner. */
  reconnecting: boolean;
  lines: LineView[];
  /** The PBX is real but this session has no SIP credentials (restored from the keychain): sign in again. */
  needsSignIn: boolean;
  /** The last refused outbound call, until the next dial or dismissal. */
  dialFailure: DialFailure | null;
}

const initial: SoftphoneState = {
  kind: 'cti',
  registration: 'unregistered',
  reconnecting: false,
  lines: [],
  needsSignIn: false,
  dialFailure: null,
};

export const softphoneStore = createStore<SoftphoneState>(initial);

export function resetSoftphone(kind: SoftphoneState['kind']): void {
  softphoneStore.set({ ...initial, kind });
}

export function setRegistration(registration: RegistrationState, reconnecting: boolean): void {
  softphoneStore.update((s) =>
    s.registration === registration && s.reconnecting === reconnecting
      ? s
      : { ...s, registration, reconnecting },
  );
}

export function lineAdded(line: LineView): void {
  softphoneStore.update((s) => ({ ...s, lines: [...s.lines.filter((l) => l.id !== line.id), line] }));
}

export function linePatched(id: string, patch: Partial<Omit<LineView, 'id'>>): void {
  softphoneStore.update((s) =>
    s.lines.some((l) => l.id === id)
      ? { ...s, lines: s.lines.map((l) => (l.id === id ? { ...l, ...patch } : l)) }
      : s,
  );
}

export function lineRemoved(id: string): void {
  softphoneStore.update((s) =>
    s.lines.some((l) => l.id === id)
      ? {
          ...s,
          lines: s.lines
            .filter((l) => l.id !== id)
            .map((l) => (l.consultFor === id ? { ...l, consultFor: null } : l)),
        }
      : s,
  );
}

export function setNeedsSignIn(): void {
  softphoneStore.update((s) => ({ ...s, registration: 'failed', needsSignIn: true }));
}

export function setDialFailure(failure: DialFailure | null): void {
  softphoneStore.update((s) => ({ ...s, dialFailure: failure }));
}

export function lineOf(id: string): LineView | undefined {
  return softphoneStore.get().lines.find((l) => l.id === id);
}

/** The consult call started from `primaryId`, if any. */
export function consultOf(primaryId: string): LineView | undefined {
  return softphoneStore.get().lines.find((l) => l.consultFor === primaryId);
}

export function anyRinging(state: SoftphoneState = softphoneStore.get()): boolean {
  return state.lines.some((l) => l.direction === 'inbound' && l.state === 'ringing');
}
