import { createStore } from '../../services/store';
import type {
  CallbackDue,
  NoCard,
  OutboundCard,
  OutboundEnded,
  WorkableCampaign,
} from '../../services/protocol';

/** The agent's outbound work: the campaign they joined, the card in hand, how the last call went. */
export interface OutboundState {
  workable: WorkableCampaign[];
  joined: WorkableCampaign | null;
  card: OutboundCard | null;
  /** Why there is no card (nothing to call now, outside the window…). */
  none: NoCard | null;
  /** The compliance gate's reasons for the last refused dial. */
  refused: { code: string; message: string }[] | null;
  lastEnded: OutboundEnded | null;
  callbacks: CallbackDue[];
  /** The call on the card is on hold at the agent's phone, since when (this console's clock). */
  held: { callId: string; since: number } | null;
}

const initial: OutboundState = {
  workable: [],
  joined: null,
  card: null,
  none: null,
  refused: null,
  lastEnded: null,
  callbacks: [],
  held: null,
};

export const outboundStore = createStore<OutboundState>(initial);

export function patchOutbound(patch: Partial<OutboundState>): void {
  outboundStore.update((s) => ({ ...s, ...patch }));
}

export function resetOutbound(): void {
  outboundStore.set(initial);
}

/** A new card replaces the one in hand; the same lead's card updates it (its call moved on). */
export function cardArrived(card: OutboundCard): void {
  outboundStore.update((s) => ({
    ...s,
    card,
    none: null,
    refused: s.card?.lead.id === card.lead.id ? s.refused : null,
  }));
}

/** The call on the card moved on: its phase follows the PBX's progress. */
export function callProgressed(callId: string, phase: 'ringing' | 'connected' | 'ended'): void {
  outboundStore.update((s) => {
    const call = s.card?.call;
    if (!s.card || !call || call.callId !== callId) return s;
    const held = phase === 'ended' && s.held?.callId === callId ? null : s.held;
    return { ...s, card: { ...s.card, call: { ...call, phase } }, held };
  });
}

/** The bridge says the call on the card went on hold or off it (`call:held`): the hold timer starts or stops. */
export function outboundHeld(callId: string, held: boolean): void {
  outboundStore.update((s) => {
    if (s.card?.call?.callId !== callId) return s;
    if (!held) return s.held ? { ...s, held: null } : s;
    return s.held?.callId === callId ? s : { ...s, held: { callId, since: Date.now() } };
  });
}

/**
 * The call on the card is over for good (dispositioned, or nobody answered). Progressive and predictive: its card
 * goes, the next call brings the next one (a preview agent asks for the next card instead).
 */
export function callWorkDone(interactionId: number): void {
  outboundStore.update((s) =>
    s.card?.call?.interactionId !== interactionId || s.joined?.mode === 'preview'
      ? s
      : { ...s, card: null, none: { reason: 'busy', nextAt: null } },
  );
}
