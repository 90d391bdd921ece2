import { and, asc, count, desc, eq, inArray, sum } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { RingsideDb } from '../../../db/open-database';
import {
  businessTypes,
  customers,
  dispositions,
  followUps,
  interactions,
  orderItems,
  orders,
  payments,
  products,
  users,
} from '../../../db/schema';
import type { CustomerCard, FollowUpView, InteractionView, OrderView } from '../../protocol/customer.schema';
import type { CustomersRepository } from './customers.repository';

const RECENT_INTERACTIONS = 5;
const RECENT_ORDERS = 10;

/** Builds the customer 360 view: what the pop shows while the call rings, and the full history on demand. */
export function createCustomerCardRepository(db: RingsideDb, customersRepo: CustomersRepository) {
  const agent = alias(users, 'agent');
  const owner = alias(users, 'owner');

  const ordersOf = (customerId: number): OrderView[] => {
    const rows = db
      .select()
      .from(orders)
      .where(eq(orders.customerId, customerId))
      .orderBy(desc(orders.placedAt))
      .limit(RECENT_ORDERS)
      .all();
    const ids = rows.map((row) => row.id);
    if (ids.length === 0) return [];
    const items = db
      .select({
        orderId: orderItems.orderId,
        product: products.name,
        sku: products.sku,
        quantity: orderItems.quantity,
      })
      .from(orderItems)
      .innerJoin(products, eq(products.id, orderItems.productId))
      .where(inArray(orderItems.orderId, ids))
      .all();
    const paid = db
      .select({ orderId: payments.orderId, cents: sum(payments.amountCents).mapWith(Number) })
      .from(payments)
      .where(inArray(payments.orderId, ids))
      .groupBy(payments.orderId)
      .all();
    const paidBy = new Map(paid.map((row) => [row.orderId, row.cents]));
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      number: row.number,
      placedAt: row.placedAt,
      amountCents: row.amountCents,
      currency: row.currency,
      status: row.status,
      paymentStatus: row.paymentStatus,
      paidCents: paidBy.get(row.id) ?? 0,
      deliveryStatus: row.deliveryStatus,
      deliveredAt: row.deliveredAt,
      endsAt: row.endsAt,
      items: items.filter((item) => item.orderId === row.id).map(({ orderId: _orderId, ...item }) => item),
    }));
  };

  const openFollowUpsOf = (customerId: number): FollowUpView[] =>
    db
      .select({
        id: followUps.id,
        kind: followUps.kind,
        dueAt: followUps.dueAt,
        status: followUps.status,
        notes: followUps.notes,
        owner: owner.displayName,
      })
      .from(followUps)
      .leftJoin(owner, eq(owner.id, followUps.ownerUserId))
      .where(and(eq(followUps.customerId, customerId), eq(followUps.status, 'open')))
      .orderBy(asc(followUps.dueAt))
      .all();

  const historyOf = (customerId: number, limit?: number): InteractionView[] => {
    const query = db
      .select({
        id: interactions.id,
        direction: interactions.direction,
        at: interactions.queuedAt,
        agent: agent.displayName,
        businessType: businessTypes.code,
        outcome: interactions.outcome,
        disposition: dispositions.code,
        dispositionLabel: dispositions.labelEn,
        notes: interactions.notes,
        talkMs: interactions.talkMs,
      })
      .from(interactions)
      .leftJoin(agent, eq(agent.id, interactions.agentId))
      .leftJoin(businessTypes, eq(businessTypes.id, interactions.businessTypeId))
      .leftJoin(dispositions, eq(dispositions.id, interactions.dispositionId))
      .where(eq(interactions.customerId, customerId))
      .orderBy(desc(interactions.queuedAt), desc(interactions.id));
    return limit === undefined ? query.all() : query.limit(limit).all();
  };

  return {
    card(customerId: number): CustomerCard | undefined {
      const row = db.select().from(customers).where(eq(customers.id, customerId)).get();
      if (!row) return undefined;
      const interactionCount =
        db.select({ n: count() }).from(interactions).where(eq(interactions.customerId, customerId)).get()
          ?.n ?? 0;
      return {
        id: row.id,
        name: row.name,
        company: row.company,
        tier: row.tier,
        tags: row.tags,
        notes: row.notes,
        birthday: row.birthday,
        phones: customersRepo.phones(row.id),
        orders: ordersOf(row.id),
        openFollowUps: openFollowUpsOf(row.id),
        recentInteractions: historyOf(row.id, RECENT_INTERACTIONS),
        interactionCount,
      };
    },
    history(customerId: number): InteractionView[] {
      return historyOf(customerId);
    },
  };
}

export type CustomerCardRepository = ReturnType<typeof createCustomerCardRepository>;
