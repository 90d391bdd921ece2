/**
 * Orders and contracts for one customer, with items and payments that add up: `paid` means the payments sum
 * to the amount, `partial` to less, `refunded` to zero (a payment and its refund), `unpaid` has none.
 * Nothing happens after the anchor except a contract's end date.
 */
import {
  DAY,
  HOUR,
  between,
  type CustomerBundle,
  type CustomerRow,
  type DemoContext,
  type OrderRow,
} from './demo-context';

const AVERAGE_MONTH = 30.4375 * DAY;
// prettier-ignore
const LINE_COUNTS = [[1, 60], [2, 30], [3, 10]] as const;
// prettier-ignore
const QUANTITIES = [[1, 80], [2, 15], [3, 5]] as const;
// prettier-ignore
const OLD_ORDER_OUTCOMES = [['delivered', 89], ['cancelled', 7], ['returned', 4]] as const;

// Better customers order more: tier decides how many orders and contracts they have.
// prettier-ignore
const ORDER_COUNTS = {
  A: [[1, 15], [2, 30], [3, 30], [4, 25]],
  B: [[0, 15], [1, 35], [2, 30], [3, 15], [4, 5]],
  C: [[0, 40], [1, 35], [2, 18], [3, 7]],
} as const satisfies Record<CustomerRow['tier'], readonly (readonly [number, number])[]>;

export function addOrders(ctx: DemoContext, bundle: CustomerBundle): void {
  const { rng, anchor } = ctx;
  const customer = bundle.customer;
  const count = rng.weighted(ORDER_COUNTS[customer.tier]);
  const placed: number[] = [];
  for (let i = 0; i < count; i++) placed.push(between(rng, customer.createdAt, anchor - HOUR));
  // Ascending so order ids follow time, as they would in a live system.
  placed.sort((a, b) => a - b);
  for (const placedAt of placed) {
    if (rng.chance(0.2)) addContract(ctx, bundle, placedAt);
    else addShippedOrder(ctx, bundle, placedAt);
  }
}

function newOrder(
  ctx: DemoContext,
  bundle: CustomerBundle,
  kind: OrderRow['kind'],
  placedAt: number,
): OrderRow {
  const id = ctx.ids.order++;
  return {
    id,
    customerId: bundle.customer.id,
    kind,
    number: `${kind === 'order' ? 'SO' : 'CT'}${String(id).padStart(8, '0')}`,
    placedAt,
    amountCents: 0,
    currency: ctx.pools.texts.currency,
    status: 'open',
    paymentStatus: 'unpaid',
    deliveryStatus: 'not-applicable',
    deliveredAt: null,
    endsAt: null,
  };
}

function addShippedOrder(ctx: DemoContext, bundle: CustomerBundle, placedAt: number): void {
  const { rng, anchor } = ctx;
  const order = newOrder(ctx, bundle, 'order', placedAt);
  const lines = rng.weighted(LINE_COUNTS);
  const used = new Set<number>();
  for (let i = 0; i < lines; i++) {
    const index = rng.pick(ctx.pools.shippedProducts);
    if (used.has(index)) continue;
    used.add(index);
    const quantity = rng.weighted(QUANTITIES);
    order.amountCents += addItem(ctx, bundle, order.id, index, quantity);
  }
  const ageDays = Math.floor((anchor - placedAt) / DAY);
  if (ageDays < 3) {
    order.deliveryStatus = ageDays < 1 ? 'pending' : 'shipped';
    order.paymentStatus = rng.chance(0.7) ? 'paid' : 'unpaid';
  } else {
    settleOldOrder(ctx, order, ageDays);
  }
  bundle.orders.push(order);
  addPayments(ctx, bundle, order);
}

/** An order at least three days old: delivered and paid as a rule, with some cancellations and returns. */
function settleOldOrder(ctx: DemoContext, order: OrderRow, ageDays: number): void {
  const { rng } = ctx;
  const outcome = rng.weighted(OLD_ORDER_OUTCOMES);
  if (outcome === 'cancelled') {
    order.status = 'cancelled';
    order.paymentStatus = rng.chance(0.6) ? 'unpaid' : 'refunded';
    return;
  }
  order.status = 'fulfilled';
  order.deliveredAt = order.placedAt + rng.int(1, Math.min(6, ageDays - 1)) * DAY + rng.int(0, 8) * HOUR;
  if (outcome === 'returned') {
    order.deliveryStatus = 'returned';
    order.paymentStatus = 'refunded';
    return;
  }
  order.deliveryStatus = 'delivered';
  order.paymentStatus = rng.chance(0.9) ? 'paid' : 'partial';
}

/** A service plan sold for a 12- or 24-month term; "paid" grows month by month until the term ends. */
function addContract(ctx: DemoContext, bundle: CustomerBundle, placedAt: number): void {
  const { rng, anchor } = ctx;
  const order = newOrder(ctx, bundle, 'contract', placedAt);
  const months = rng.chance(0.6) ? 12 : 24;
  const plan = rng.pick(ctx.pools.contractProducts);
  order.amountCents = addItem(ctx, bundle, order.id, plan, months);
  order.endsAt = placedAt + Math.round(months * AVERAGE_MONTH);
  order.status = order.endsAt > anchor ? 'active' : 'expired';
  bundle.orders.push(order);
  // The first month is paid upfront; one row stands for the debits so far to keep the table small.
  const monthsPaid = Math.min(months, 1 + Math.floor((anchor - placedAt) / AVERAGE_MONTH));
  const paid = Math.round((order.amountCents / months) * monthsPaid);
  order.paymentStatus = paid >= order.amountCents ? 'paid' : 'partial';
  pushPayment(ctx, bundle, order.id, paid, placedAt, 'direct-debit');
}

function addItem(
  ctx: DemoContext,
  bundle: CustomerBundle,
  orderId: number,
  index: number,
  quantity: number,
): number {
  const product = ctx.pools.products[index];
  const productId = ctx.refs.product[index];
  if (!product || productId === undefined) throw new Error(`Unknown product index ${index}`);
  const unitPriceCents = product.price * 100;
  bundle.items.push({ id: ctx.ids.item++, orderId, productId, quantity, unitPriceCents });
  return unitPriceCents * quantity;
}

function addPayments(ctx: DemoContext, bundle: CustomerBundle, order: OrderRow): void {
  const { rng, anchor } = ctx;
  const method = rng.pick(ctx.pools.texts.paymentMethods);
  const paidAt = order.placedAt + rng.int(0, 3600) * 1000;
  switch (order.paymentStatus) {
    case 'unpaid':
      return;
    case 'paid':
      pushPayment(ctx, bundle, order.id, order.amountCents, paidAt, method);
      return;
    case 'partial': {
      // An instalment plan part-way through.
      const share = Math.round((order.amountCents * rng.int(20, 70)) / 100);
      pushPayment(ctx, bundle, order.id, share, paidAt, method);
      return;
    }
    case 'refunded': {
      pushPayment(ctx, bundle, order.id, order.amountCents, paidAt, method);
      const refundedAt = between(rng, paidAt + DAY, Math.min(paidAt + 20 * DAY, anchor - HOUR));
      pushPayment(ctx, bundle, order.id, -order.amountCents, refundedAt, 'refund');
      return;
    }
  }
}

function pushPayment(
  ctx: DemoContext,
  bundle: CustomerBundle,
  orderId: number,
  amountCents: number,
  paidAt: number,
  method: string,
): void {
  bundle.payments.push({ id: ctx.ids.payment++, orderId, amountCents, paidAt, method });
}
