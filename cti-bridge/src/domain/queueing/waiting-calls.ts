/**
 * The waiting calls, kept in service order twice over: once for all of them (positions, wait limits) and once per
 * business type that can serve them (a call's queue's type and those of the queues it overflowed from). A decision
 * for a free agent then reads only the calls of the types someone free holds, never the whole queue.
 */
import { compareKeys, orderKey, type OrderKey } from './call-order';
import type { QueuePolicy } from './queue-policy';
import { primaryLanguage, type QueuedCall } from './queued-call';

export interface Waiting {
  call: QueuedCall;
  key: OrderKey;
  /** The business types whose agents may take the call (its queue's first). */
  types: readonly number[];
  /** The caller's language as agents' languages are compared (primary subtag), null for any. */
  wanted: string | null;
  /** The dispatch that last looked at it (a call listed under two types is looked at once). */
  seen: number;
}

export class WaitingCalls {
  /** All waiting calls in service order. */
  readonly order: Waiting[] = [];
  private readonly byId = new Map<string, Waiting>();
  private readonly byType = new Map<number, Waiting[]>();

  /** The entry for a call waiting in `policy`'s queue, overflowed from queues of the given types. */
  static entry(call: QueuedCall, policy: QueuePolicy, types: readonly number[]): Waiting {
    const wanted = call.language === null ? null : primaryLanguage(call.language);
    return { call, key: orderKey(call, policy), types, wanted, seen: 0 };
  }

  get size(): number {
    return this.order.length;
  }

  get(callId: string): Waiting | undefined {
    return this.byId.get(callId);
  }

  add(waiting: Waiting): void {
    insert(this.order, waiting);
    this.byId.set(waiting.call.callId, waiting);
    for (const type of waiting.types) {
      let list = this.byType.get(type);
      if (!list) this.byType.set(type, (list = []));
      insert(list, waiting);
    }
  }

  remove(callId: string): Waiting | undefined {
    const waiting = this.byId.get(callId);
    if (!waiting) return undefined;
    take(this.order, waiting);
    for (const type of waiting.types) {
      const list = this.byType.get(type);
      if (list) take(list, waiting);
    }
    this.byId.delete(callId);
    return waiting;
  }

  clear(): void {
    this.order.length = 0;
    this.byId.clear();
    this.byType.clear();
  }

  /** Calls that agents of this type may take, in service order (read only). */
  listFor(type: number): readonly Waiting[] | undefined {
    return this.byType.get(type);
  }
}

function insertAt(list: readonly Waiting[], key: OrderKey): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareKeys((list[mid] as Waiting).key, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insert(list: Waiting[], waiting: Waiting): void {
  const at = insertAt(list, waiting.key);
  if (at === list.length) list.push(waiting);
  else list.splice(at, 0, waiting);
}

function take(list: Waiting[], waiting: Waiting): void {
  const at = insertAt(list, waiting.key);
  if (list[at] === waiting) list.splice(at, 1);
  else {
    const i = list.indexOf(waiting);
    if (i >= 0) list.splice(i, 1);
  }
}
