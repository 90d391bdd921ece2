/**
 * One demo customer with everything around it: phones, orders, calls, segment tags and maybe an open
 * follow-up. Tags are decided last because some follow from the history (a complaint call makes
 * "complained-before" likely; a recent sign-up is "new").
 */
import {
  DAY,
  HOUR,
  between,
  type CustomerBundle,
  type CustomerRow,
  type DemoContext,
  type FollowUpRow,
} from './demo-context';
import { addInteractions } from './demo-interactions';
import { addOrders } from './demo-orders';
import type { PhoneLabel, PhoneNumberParts } from './demo-phones';
import { fullName } from './demo-pools';

export const SEGMENT_TAGS = [
  'vip',
  'new',
  'churn-risk',
  'wholesale',
  'newsletter',
  'complained-before',
] as const;
export type SegmentTag = (typeof SEGMENT_TAGS)[number];

/** Share of customers given another customer's number as well (a shared office or family line). */
const SHARED_PHONE_SHARE = 0.005;
const RECENT_PHONES = 256;
const FOLLOW_UP_SHARE = 0.1;
// prettier-ignore
const TIERS = [['A', 15], ['B', 35], ['C', 50]] as const;
// prettier-ignore
const PHONE_COUNTS = [[1, 55], [2, 35], [3, 10]] as const;
// prettier-ignore
const TAG_COUNTS = [[0, 35], [1, 35], [2, 22], [3, 8]] as const;

export function buildCustomerBundle(ctx: DemoContext): CustomerBundle {
  const bundle: CustomerBundle = {
    customer: buildCustomer(ctx),
    phones: [],
    orders: [],
    items: [],
    payments: [],
    interactions: [],
    followUps: [],
    dnc: [],
  };
  addPhones(ctx, bundle);
  addOrders(ctx, bundle);
  addInteractions(ctx, bundle);
  bundle.customer.tags = pickTags(ctx, bundle);
  // Nobody schedules a call to someone who just asked never to be called again.
  if (ctx.rng.chance(FOLLOW_UP_SHARE) && bundle.dnc.length === 0)
    bundle.followUps.push(buildFollowUp(ctx, bundle));
  return bundle;
}

function buildCustomer(ctx: DemoContext): CustomerRow {
  const { rng, pools, anchor, agentIds } = ctx;
  const tier = rng.weighted(TIERS);
  const ownerShare = tier === 'A' ? 0.7 : tier === 'B' ? 0.15 : 0;
  return {
    id: ctx.ids.customer++,
    name: fullName(pools, rng.pick(pools.familyNames), rng.pick(pools.givenNames)),
    company: rng.chance(0.4) ? rng.pick(pools.companies) : null,
    tier,
    tags: [],
    ownerUserId: agentIds.length > 0 && rng.chance(ownerShare) ? rng.pick(agentIds) : null,
    birthday: rng.chance(0.6) ? birthday(ctx) : null,
    notes: rng.chance(0.2) ? rng.pick(pools.texts.customerNotes) : null,
    createdAt: between(rng, anchor - 5 * 365 * DAY, anchor - 7 * DAY),
  };
}

function birthday(ctx: DemoContext): string {
  const { rng } = ctx;
  const year = ctx.anchorYear - rng.int(18, 80);
  // Days stop at 28 so every generated date exists in every year (no 29 February).
  return `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
}

function addPhones(ctx: DemoContext, bundle: CustomerBundle): void {
  const { rng, phones } = ctx;
  const count = rng.weighted(PHONE_COUNTS);
  const labels: PhoneLabel[] =
    count === 3 ? ['mobile', 'work', 'home'] : ['mobile', rng.pick(['work', 'home'] as const)];
  const seen = new Set<string>();
  for (const label of labels.slice(0, count)) {
    let parts = phones.number(label);
    while (seen.has(parts.e164)) parts = phones.number(label);
    seen.add(parts.e164);
    pushPhone(ctx, bundle, parts.e164, phones.raw(parts, label), label);
    rememberPhone(ctx, parts);
  }
  if (rng.chance(SHARED_PHONE_SHARE) && ctx.recentPhones.length > 0) {
    const shared = rng.pick(ctx.recentPhones);
    if (!seen.has(shared.e164)) pushPhone(ctx, bundle, shared.e164, phones.raw(shared, 'work'), 'work');
  }
}

/** A ring buffer of the last numbers made, filled densely from the start so `pick` never sees a hole. */
function rememberPhone(ctx: DemoContext, parts: PhoneNumberParts): void {
  if (ctx.recentPhones.length < RECENT_PHONES) ctx.recentPhones.push(parts);
  else ctx.recentPhones[ctx.ids.phone % RECENT_PHONES] = parts;
}

function pushPhone(ctx: DemoContext, bundle: CustomerBundle, e164: string, raw: string, label: string): void {
  bundle.phones.push({ id: ctx.ids.phone++, customerId: bundle.customer.id, raw, e164, label });
}

function pickTags(ctx: DemoContext, bundle: CustomerBundle): string[] {
  const { rng, anchor } = ctx;
  const { tier, company, createdAt } = bundle.customer;
  const complained = bundle.interactions.some((call) => call.businessType === 'complaints');
  // Each candidate's weight reflects how plausible the tag is for this customer; 0 rules it out.
  const candidates: [SegmentTag, number][] = [
    ['vip', tier === 'A' ? 6 : tier === 'B' ? 1 : 0],
    ['new', anchor - createdAt < 90 * DAY ? 8 : 0],
    ['churn-risk', complained ? 4 : 1],
    ['wholesale', company === null ? 0 : 3],
    ['newsletter', 3],
    ['complained-before', complained ? 8 : 0],
  ];
  const wanted = rng.weighted(TAG_COUNTS);
  const tags: string[] = [];
  for (let i = 0; i < wanted; i++) {
    const open = candidates.filter(([tag, weight]) => weight > 0 && !tags.includes(tag));
    if (open.length === 0) break;
    tags.push(rng.weighted(open));
  }
  return tags;
}

function buildFollowUp(ctx: DemoContext, bundle: CustomerBundle): FollowUpRow {
  const { rng, anchor, agentIds } = ctx;
  const { customer, interactions, phones } = bundle;
  const last = interactions[interactions.length - 1];
  const kind =
    last?.disposition === 'callback-requested'
      ? 'callback'
      : rng.weighted([
          ['callback', 55],
          ['revisit', 30],
          [customer.birthday ? 'birthday' : 'revisit', 15],
        ] as const);
  const fallbackOwner = agentIds.length > 0 ? rng.pick(agentIds) : null;
  const linked = kind === 'callback' ? last : undefined;
  return {
    id: ctx.ids.followUp++,
    customerId: customer.id,
    interactionId: linked?.id ?? null,
    kind,
    dueAt: dueAt(ctx, kind, customer.birthday),
    ownerUserId: linked?.agentId ?? customer.ownerUserId ?? fallbackOwner,
    phoneE164: phones[0]?.e164 ?? null,
    notes: rng.pick(ctx.pools.texts.followUpNotes[kind]),
    createdAt: linked
      ? linked.wrappedAt
      : between(rng, Math.max(customer.createdAt, anchor - 14 * DAY), anchor),
  };
}

/** Always after the anchor: these are the open items an agent sees on the first day of the demo. */
function dueAt(ctx: DemoContext, kind: FollowUpRow['kind'], birthdayText: string | null): number {
  const { rng, anchor } = ctx;
  if (kind === 'callback') return between(rng, anchor + HOUR, anchor + 7 * DAY);
  if (kind === 'revisit' || !birthdayText) return between(rng, anchor + DAY, anchor + 60 * DAY);
  const [, month, day] = birthdayText.split('-').map(Number);
  const year = ctx.anchorYear;
  // 01:00 UTC is 09:00 in Beijing and the night before in the US: early enough to call on the day.
  const thisYear = Date.UTC(year, (month ?? 1) - 1, day ?? 1, 1);
  return thisYear > anchor ? thisYear : Date.UTC(year + 1, (month ?? 1) - 1, day ?? 1, 1);
}
