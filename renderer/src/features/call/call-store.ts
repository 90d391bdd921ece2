import { createStore } from '../../services/store';
import type {
  CallAnswered,
  CallEnded,
  CallOffer,
  SessionSnapshot,
  WithdrawReason,
} from '../../services/protocol';

export type CallPhase = 'ringing' | 'live' | 'ended';

/** The one call this console is handling: offered (ringing), live, or ended and waiting for wrap-up. */
export interface CallView {
  offer: CallOffer;
  phase: CallPhase;
  answeredAt: number | null;
  held: boolean;
  /** When the current hold began (this console's clock), for the hold timer; null when not held. */
  heldSince: number | null;
  endedAt: number | null;
  talkMs: number | null;
  endedBy: 'agent' | 'caller' | null;
}

export interface CallState {
  call: CallView | null;
  /** Why the last offer disappeared before it was answered; shown until dismissed or the next offer. */
  withdrawn: WithdrawReason | null;
}

export const callStore = createStore<CallState>({ call: null, withdrawn: null });

const patchCall = (callId: string, patch: Partial<CallView>): void =>
  callStore.update((s) => (s.call?.offer.callId === callId ? { ...s, call: { ...s.call, ...patch } } : s));

export function callOffered(offer: CallOffer): void {
  callStore.set({
    call: {
      offer,
      phase: 'ringing',
      answeredAt: null,
      held: false,
      heldSince: null,
      endedAt: null,
      talkMs: null,
      endedBy: null,
    },
    withdrawn: null,
  });
}

/** Returns the interaction of the withdrawn offer, if it was ours. */
export function callWithdrawn(callId: string, reason: WithdrawReason): number | null {
  const call = callStore.get().call;
  if (call?.offer.callId !== callId || call.phase !== 'ringing') return null;
  callStore.set({ call: null, withdrawn: reason });
  return call.offer.interactionId;
}

export function callAnswered(fact: CallAnswered): void {
  patchCall(fact.callId, { phase: 'live', answeredAt: fact.answeredAt });
}

export function callHeld(callId: string, held: boolean): void {
  const call = callStore.get().call;
  if (call?.offer.callId === callId && call.held === held) return;
  patchCall(callId, { held, heldSince: held ? Date.now() : null });
}

export function callEnded(fact: CallEnded): void {
  patchCall(fact.callId, {
    phase: 'ended',
    held: false,
    heldSince: null,
    endedAt: fact.endedAt,
    talkMs: fact.talkMs,
    endedBy: fact.endedBy,
  });
}

/**
 * Reconciles with the bridge's snapshot after a (re)connect. Returns the interaction that ended while we were
 * away (it needs a wrap-up) or whose offer vanished, so the caller can tidy the pop.
 */
export function callRestored(active: SessionSnapshot['activeCall']): {
  ended: number | null;
  gone: number | null;
} {
  const local = callStore.get().call;
  if (active) {
    const { answeredAt, held, ...offer } = active;
    const phase: CallPhase = answeredAt === null ? 'ringing' : 'live';
    const base = local?.offer.callId === active.callId ? local : null;
    callStore.set({
      // the bridge has it up: not ended, even if this console had given it up while the socket was down
      call: {
        ...base,
        offer,
        phase,
        answeredAt,
        held,
        heldSince: held ? (base?.heldSince ?? Date.now()) : null,
        endedAt: null,
        talkMs: null,
        endedBy: null,
      },
      withdrawn: null,
    });
    return { ended: null, gone: null };
  }
  if (!local || local.phase === 'ended') return { ended: null, gone: null };
  if (local.phase === 'ringing') {
    callStore.set({ call: null, withdrawn: null });
    return { ended: null, gone: local.offer.interactionId };
  }
  // The live call finished while the socket was down: keep it on screen as ended so it can be wrapped up.
  callStore.set({
    call: { ...local, phase: 'ended', held: false, heldSince: null, endedAt: Date.now(), endedBy: null },
    withdrawn: null,
  });
  return { ended: local.offer.interactionId, gone: null };
}

/** Drops the ended call once its wrap-up is saved. A newer call is left alone. */
export function callWrappedUp(interactionId: number): void {
  callStore.update((s) =>
    s.call?.offer.interactionId === interactionId && s.call.phase === 'ended' ? { ...s, call: null } : s,
  );
}

export function dismissWithdrawn(): void {
  callStore.update((s) => ({ ...s, withdrawn: null }));
}

export function clearCall(): void {
  callStore.set({ call: null, withdrawn: null });
}
