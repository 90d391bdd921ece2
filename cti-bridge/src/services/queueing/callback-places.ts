/**
 * Queue callbacks keeping their callers' places: those waiting (in the engine once due, beside the calls, with
 * the caller's arrival time), those held out until a retry time, and those offered or being dialled.
 */
import type { QueuedCall } from '../../domain/queueing/queued-call';
import type { WaitingCallback } from '../../repositories/queue-callbacks.repository';

const PREFIX = 'qcb-';

/** The engine's id of a queue callback. */
export const callbackCallId = (callbackId: number) => `${PREFIX}${callbackId}`;

/** The callback id of an engine id, null for a call. */
export function callbackIdOf(callId: string): number | null {
  if (!callId.startsWith(PREFIX)) return null;
  const id = Number(callId.slice(PREFIX.length));
  return Number.isInteger(id) && id > 0 ? id : null;
}

interface Place {
  call: QueuedCall;
  /** Not offered before this instant (a retry after an unanswered dial). */
  notBefore: number;
  /** Offered to an agent or being dialled: not waiting. */
  taken: boolean;
}

export class CallbackPlaces {
  private readonly places = new Map<number, Place>();

  /** Waiting (again): a retry keeps its arrival time, and the agents who declined it are not asked again. */
  waiting(callback: WaitingCallback): void {
    const previous = this.places.get(callback.id);
    const declinedBy = new Set([...(previous?.call.declinedBy ?? []), ...(callback.declinedBy ?? [])]);
    this.places.set(callback.id, {
      call: {
        callId: callbackCallId(callback.id),
        queueId: callback.queueId,
        overflowedFrom: [],
        tier: callback.tier,
        language: null,
        linePriority: 0,
        arrivedAt: callback.arrivedAt,
        queuedAt: callback.arrivedAt,
        declinedBy,
        kind: 'callback',
      },
      notBefore: callback.nextAttemptAt ?? 0,
      taken: false,
    });
  }

  taken(callbackId: number): void {
    const place = this.places.get(callbackId);
    if (place) place.taken = true;
  }

  /** Back to its place after an offer nobody took; `agentId` declined it. */
  untaken(callbackId: number, agentId: number | null): void {
    const place = this.places.get(callbackId);
    if (!place) return;
    place.taken = false;
    if (agentId !== null)
      place.call = { ...place.call, declinedBy: new Set([...place.call.declinedBy, agentId]) };
  }

  /** A repeated request brought an earlier arrival: the callback takes that place (also once back from an offer). */
  arrivedEarlier(callbackId: number, arrivedAt: number): void {
    const place = this.places.get(callbackId);
    if (place && arrivedAt < place.call.arrivedAt)
      place.call = { ...place.call, arrivedAt, queuedAt: arrivedAt };
  }

  done(callbackId: number): void {
    this.places.delete(callbackId);
  }

  /** Callbacks due to wait in the engine now (not taken, retry time reached). */
  due(now: number): QueuedCall[] {
    const due: QueuedCall[] = [];
    for (const place of this.places.values())
      if (!place.taken && place.notBefore <= now) due.push(place.call);
    return due;
  }

  isDue(callId: string, now: number): boolean {
    const id = callbackIdOf(callId);
    const place = id === null ? undefined : this.places.get(id);
    return place !== undefined && !place.taken && place.notBefore <= now;
  }

  /** Callbacks waiting per queue, those held until a retry included. */
  waitingIn(queueId: number): number {
    let n = 0;
    for (const place of this.places.values()) if (!place.taken && place.call.queueId === queueId) n++;
    return n;
  }

  /** Waiting but held until a retry time (not in the engine yet) in this queue. */
  heldIn(queueId: number, now: number): number {
    let n = 0;
    for (const place of this.places.values())
      if (!place.taken && place.call.queueId === queueId && place.notBefore > now) n++;
    return n;
  }

  any(): boolean {
    for (const place of this.places.values()) if (!place.taken) return true;
    return false;
  }
}
