/**
 * The state one demo-data run threads through its row builders, and the plain row shapes they produce. Ids
 * are assigned here rather than by SQLite so a customer's orders, calls and follow-ups can reference each
 * other without a round trip per row; they continue from the table's current maximum.
 */
import type { DemoPools } from './demo-pools';
import type { PhoneFactory, PhoneNumberParts } from './demo-phones';
import type { Rng } from './demo-random';
import type { BusinessTypeCode, DispositionCode } from './reference-data';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface NextIds {
  customer: number;
  phone: number;
  order: number;
  item: number;
  payment: number;
  interaction: number;
  followUp: number;
}

/** Database ids of the reference rows the generator links to. */
export interface ReferenceIds {
  businessType: Record<BusinessTypeCode, number>;
  queue: Record<BusinessTypeCode, number>;
  disposition: Record<DispositionCode, number>;
  /** Database id of `pools.products[i]`. */
  product: number[];
  /** The DID a call of each business type comes in on (or goes out from) for this locale. */
  serviceNumber: Record<BusinessTypeCode, string>;
}

export interface DemoContext {
  rng: Rng;
  pools: DemoPools;
  phones: PhoneFactory;
  refs: ReferenceIds;
  anchor: number;
  /** UTC year of the anchor, cached: birthdays need it for every other customer. */
  anchorYear: number;
  seed: number;
  agentIds: readonly number[];
  ids: NextIds;
  /** Recently generated numbers; a few customers get one of these as a shared (office) line. */
  recentPhones: PhoneNumberParts[];
}

export interface CustomerRow {
  id: number;
  name: string;
  company: string | null;
  tier: 'A' | 'B' | 'C';
  tags: string[];
  ownerUserId: number | null;
  birthday: string | null;
  notes: string | null;
  createdAt: number;
}

export interface PhoneRow {
  id: number;
  customerId: number;
  raw: string;
  e164: string;
  label: string;
}

export interface OrderRow {
  id: number;
  customerId: number;
  kind: 'order' | 'contract';
  number: string;
  placedAt: number;
  amountCents: number;
  currency: string;
  status: 'open' | 'fulfilled' | 'cancelled' | 'active' | 'expired';
  paymentStatus: 'unpaid' | 'partial' | 'paid' | 'refunded';
  deliveryStatus: 'pending' | 'shipped' | 'delivered' | 'returned' | 'not-applicable';
  deliveredAt: number | null;
  endsAt: number | null;
}

export interface ItemRow {
  id: number;
  orderId: number;
  productId: number;
  quantity: number;
  unitPriceCents: number;
}

export interface PaymentRow {
  id: number;
  orderId: number;
  amountCents: number;
  paidAt: number;
  method: string;
}

export interface InteractionRow {
  id: number;
  direction: 'inbound' | 'outbound';
  pbxCallId: string;
  businessType: BusinessTypeCode;
  businessTypeId: number;
  queueId: number | null;
  agentId: number | null;
  customerId: number;
  callerRaw: string;
  callerE164: string;
  serviceNumber: string;
  queuedAt: number;
  offeredAt: number;
  answeredAt: number;
  endedAt: number;
  wrappedAt: number;
  waitMs: number;
  talkMs: number;
  wrapMs: number;
  disposition: DispositionCode;
  dispositionId: number;
  notes: string | null;
}

export interface FollowUpRow {
  id: number;
  customerId: number;
  interactionId: number | null;
  kind: 'callback' | 'revisit' | 'birthday';
  dueAt: number;
  ownerUserId: number | null;
  phoneE164: string | null;
  notes: string | null;
  createdAt: number;
}

export interface DncRow {
  e164: string;
  addedBy: number | null;
  addedAt: number;
}

/** Everything generated for one customer; written in one go so a customer is never half-inserted. */
export interface CustomerBundle {
  customer: CustomerRow;
  phones: PhoneRow[];
  orders: OrderRow[];
  items: ItemRow[];
  payments: PaymentRow[];
  interactions: InteractionRow[];
  followUps: FollowUpRow[];
  dnc: DncRow[];
}

/** A whole-second instant uniformly in [from, to); demo times avoid sub-second noise. */
export function between(rng: Rng, from: number, to: number): number {
  if (to <= from) return from - (from % SECOND);
  const t = from + Math.floor(rng.next() * (to - from));
  return t - (t % SECOND);
}
