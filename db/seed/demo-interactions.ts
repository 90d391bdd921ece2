/**
 * Past calls for one customer: completed, dispositioned, in the customer's business hours, with waits and
 * talk times shaped like a real center (most waits short, a few long). A "do not call" disposition also
 * puts the number on the global DNC list, as the live wrap-up would.
 */
import {
  DAY,
  HOUR,
  MINUTE,
  SECOND,
  between,
  type CustomerBundle,
  type DemoContext,
  type InteractionRow,
  type PhoneRow,
} from './demo-context';
import type { BusinessTypeCode, DispositionCode } from './reference-data';

type Weighted<T> = readonly (readonly [T, number])[];

// prettier-ignore
const CALL_COUNTS: Weighted<number> = [[0, 25], [1, 25], [2, 20], [3, 15], [4, 10], [5, 5]];
// prettier-ignore
const INBOUND_TYPES: Weighted<BusinessTypeCode> = [['sales', 25], ['support', 40], ['complaints', 15], ['billing', 20]];
// prettier-ignore
const OUTBOUND_TYPES: Weighted<BusinessTypeCode> = [['sales', 60], ['support', 20], ['billing', 20]];

/** What each kind of call tends to end with; "do not call" and wrong numbers mostly come from sales calls. */
// prettier-ignore
const DISPOSITIONS: Readonly<Record<BusinessTypeCode, Weighted<DispositionCode>>> = {
  sales: [['sale-made', 30], ['info-provided', 35], ['callback-requested', 22], ['do-not-call', 5], ['wrong-number', 8]],
  support: [['resolved', 60], ['info-provided', 25], ['callback-requested', 12], ['wrong-number', 3]],
  complaints: [['complaint-escalated', 35], ['resolved', 50], ['callback-requested', 15]],
  billing: [['resolved', 55], ['info-provided', 35], ['callback-requested', 10]],
};

/** Offset of the customers' local time from UTC, so calls land between 08:00 and 20:00 for them. */
const UTC_OFFSET = { 'zh-CN': 8 * HOUR, en: -5 * HOUR } as const;

export function addInteractions(ctx: DemoContext, bundle: CustomerBundle): void {
  const { rng } = ctx;
  const count = rng.weighted(CALL_COUNTS);
  const starts: number[] = [];
  for (let i = 0; i < count; i++) starts.push(businessHour(ctx, bundle.customer.createdAt));
  starts.sort((a, b) => a - b);
  // Numbers that asked not to be called only ever call in afterwards; the live dialer enforces the same.
  const blocked = new Set<string>();
  for (const queuedAt of starts) {
    const phone = rng.pick(bundle.phones);
    const call = buildCall(ctx, bundle, queuedAt, phone, !blocked.has(phone.e164));
    bundle.interactions.push(call);
    if (call.disposition === 'do-not-call') {
      blocked.add(phone.e164);
      bundle.dnc.push({ e164: call.callerE164, addedBy: call.agentId, addedAt: call.wrappedAt });
    }
  }
}

/** A time between the customer's creation and two hours before the anchor, moved into local daytime. */
function businessHour(ctx: DemoContext, from: number): number {
  const { rng, anchor } = ctx;
  const offset = UTC_OFFSET[ctx.pools.locale];
  const latest = anchor - 2 * HOUR;
  const t = between(rng, from, latest);
  const localMidnight = t + offset - ((t + offset) % DAY);
  const moved = localMidnight - offset + between(rng, 8 * HOUR, 20 * HOUR);
  // Moving into daytime may overshoot the latest allowed time; the day before is always in range.
  return moved > latest ? moved - DAY : moved;
}

function buildCall(
  ctx: DemoContext,
  bundle: CustomerBundle,
  queuedAt: number,
  phone: PhoneRow,
  mayCallOut: boolean,
): InteractionRow {
  const { rng, refs } = ctx;
  const inbound = !mayCallOut || rng.chance(0.75);
  const businessType = rng.weighted(inbound ? INBOUND_TYPES : OUTBOUND_TYPES);
  const disposition = rng.weighted(DISPOSITIONS[businessType]);
  const id = ctx.ids.interaction++;
  return {
    id,
    direction: inbound ? 'inbound' : 'outbound',
    pbxCallId: `seed-${ctx.seed}-${id}`,
    businessType,
    businessTypeId: refs.businessType[businessType],
    queueId: inbound ? refs.queue[businessType] : null,
    agentId: pickAgent(ctx, bundle.customer.ownerUserId),
    customerId: bundle.customer.id,
    callerRaw: phone.e164,
    callerE164: phone.e164,
    serviceNumber: refs.serviceNumber[businessType],
    ...callTimes(ctx, queuedAt, inbound, disposition),
    disposition,
    dispositionId: refs.disposition[disposition],
    notes: rng.chance(0.85) ? callNote(ctx, businessType, disposition) : null,
  };
}

type CallTimes = Pick<
  InteractionRow,
  'queuedAt' | 'offeredAt' | 'answeredAt' | 'endedAt' | 'wrappedAt' | 'waitMs' | 'talkMs' | 'wrapMs'
>;

function callTimes(
  ctx: DemoContext,
  queuedAt: number,
  inbound: boolean,
  disposition: DispositionCode,
): CallTimes {
  const { rng } = ctx;
  const waitMs = inbound ? inboundWait(ctx) : rng.int(4, 25) * SECOND;
  // Inbound calls ring the agent for the last few seconds of the wait; outbound ones start at the agent.
  const ringMs = inbound ? Math.min(waitMs, rng.int(2, 12) * SECOND) : waitMs;
  const talkMs = talkTime(ctx, disposition);
  const wrapMs = rng.int(5, 60) * SECOND;
  const answeredAt = queuedAt + waitMs;
  return {
    queuedAt,
    offeredAt: answeredAt - ringMs,
    answeredAt,
    endedAt: answeredAt + talkMs,
    wrappedAt: answeredAt + talkMs + wrapMs,
    waitMs,
    talkMs,
    wrapMs,
  };
}

/** Mostly under half a minute, occasionally minutes; capped at the queues' 10-minute max wait. */
function inboundWait(ctx: DemoContext): number {
  const ms = SECOND + Math.round(ctx.rng.exponential(25 * SECOND));
  return Math.min(ms - (ms % 100), 10 * MINUTE);
}

function talkTime(ctx: DemoContext, disposition: DispositionCode): number {
  const { rng } = ctx;
  if (disposition === 'wrong-number' || disposition === 'do-not-call') return rng.int(5, 40) * SECOND;
  const ms = 30 * SECOND + Math.round(rng.exponential(4 * MINUTE));
  return Math.min(ms - (ms % 100), 45 * MINUTE);
}

/** The account owner takes a share of their customers' calls; the rest spread across all agents. */
function pickAgent(ctx: DemoContext, ownerUserId: number | null): number | null {
  if (ctx.agentIds.length === 0) return null;
  if (ownerUserId !== null && ctx.rng.chance(0.3)) return ownerUserId;
  return ctx.rng.pick(ctx.agentIds);
}

function callNote(ctx: DemoContext, businessType: BusinessTypeCode, disposition: DispositionCode): string {
  const { rng, pools } = ctx;
  if (disposition === 'wrong-number') return rng.pick(pools.texts.wrongNumberNotes);
  if (disposition === 'do-not-call') return rng.pick(pools.texts.doNotCallNotes);
  return rng.pick(pools.callNotes[businessType]);
}
