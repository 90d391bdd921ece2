import { and, asc, count, desc, eq, inArray, sql, sum } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { RingsideDb } from '../../../db/open-database';
import {
  businessTypes,
  customerPhones,
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
import type { CustomerCard, InteractionView, OrderView } from '../../protocol/customer.schema';

const RECENT_INTERACTIONS = 5;
const RECENT_ORDERS = 10;
const customerId = sql.placeholder('customerId');

/**
 * Builds the customer 360 view: what the pop shows while the call rings, and the full history on demand.
 * Every statement is prepared once: the card is on the screen-pop path, where building and preparing the
 * queries per call would cost more than running them.
 */
export function createCustomerCardRepository(db: RingsideDb) {
  const agent = alias(users, 'agent');
  const owner = alias(users, 'owner');
  const previousLeg = alias(interactions, 'previous_leg');
  const previousAgent = alias(users, 'previous_agent');
  const recentOrderIds = db
    .select({ id: orders.id })
    .from(orders)
    .where(eq(orders.customerId, customerId))
    .orderBy(desc(orders.placedAt))
    .limit(RECENT_ORDERS);

  const statements = {
    customer: db.select().from(customers).where(eq(customers.id, customerId)).prepare(),
    interactionCount: db
      .select({ n: count() })
      .from(interactions)
      .where(eq(interactions.customerId, customerId))
      .prepare(),
    phones: db
      .select({ e164: customerPhones.e164, raw: customerPhones.raw, label: customerPhones.label })
      .from(customerPhones)
      .where(eq(customerPhones.customerId, customerId))
      .orderBy(asc(customerPhones.id))
      .prepare(),
    orders: db
      .select()
      .from(orders)
      .where(eq(orders.customerId, customerId))
      .orderBy(desc(orders.placedAt))
      .limit(RECENT_ORDERS)
      .prepare(),
    items: db
      .select({
        orderId: orderItems.orderId,
        product: products.name,
        sku: products.sku,
        quantity: orderItems.quantity,
      })
      .from(orderItems)
      .innerJoin(products, eq(products.id, orderItems.productId))
      .where(inArray(orderItems.orderId, recentOrderIds))
      .prepare(),
    paid: db
      .select({ orderId: payments.orderId, cents: sum(payments.amountCents).mapWith(Number) })
      .from(payments)
      .where(inArray(payments.orderId, recentOrderIds))
      .groupBy(payments.orderId)
      .prepare(),
    openFollowUps: db
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
      .prepare(),
    history: db
      .select({
        id: interactions.id,
        direction: interactions.direction,
        at: interactions.queuedAt,
        agent: agent.displayName,
        businessType: businessTypes.code,
        businessTypeEn: businessTypes.nameEn,
        businessTypeZh: businessTypes.nameZh,
        outcome: interactions.outcome,
        disposition: dispositions.code,
        dispositionLabel: dispositions.labelEn,
        notes: interactions.notes,
        answeredAt: interactions.answeredAt,
        endedAt: interactions.endedAt,
        talkMs: interactions.talkMs,
        transferKind: interactions.transferKind,
        transferredFrom: previousAgent.displayName,
      })
      .from(interactions)
      .leftJoin(agent, eq(agent.id, interactions.agentId))
      .leftJoin(previousLeg, eq(previousLeg.id, interactions.transferredFromId))
      .leftJoin(previousAgent, eq(previousAgent.id, previousLeg.agentId))
      .leftJoin(businessTypes, eq(businessTypes.id, interactions.businessTypeId))
      .leftJoin(dispositions, eq(dispositions.id, interactions.dispositionId))
      .where(eq(interactions.customerId, customerId))
      .orderBy(desc(interactions.queuedAt), desc(interactions.id))
      .limit(sql.placeholder('limit'))
      .prepare(),
  };

  const historyOf = (id: number, limit: number): InteractionView[] =>
    statements.history.all({ customerId: id, limit }).map((history) => {
      const { transferKind, transferredFrom, businessTypeEn, businessTypeZh, ...row } = history;
      return {
        ...row,
        businessTypeName:
          businessTypeEn === null || businessTypeZh === null
            ? null
            : { en: businessTypeEn, zh: businessTypeZh },
        transfer: transferKind ? { kind: transferKind, fromAgent: transferredFrom } : null,
      };
    });

  const ordersOf = (id: number): OrderView[] => {
    const rows = statements.orders.all({ customerId: id });
    if (rows.length === 0) return [];
    const items = statements.items.all({ customerId: id });
    const paidBy = new Map(statements.paid.all({ customerId: id }).map((row) => [row.orderId, row.cents]));
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

  return {
    card(id: number): CustomerCard | undefined {
      const row = statements.customer.get({ customerId: id });
      if (!row) return undefined;
      return {
        id: row.id,
        name: row.name,
        company: row.company,
        tier: row.tier,
        tags: row.tags,
        notes: row.notes,
        birthday: row.birthday,
        phones: statements.phones.all({ customerId: id }),
        orders: ordersOf(id),
        openFollowUps: statements.openFollowUps.all({ customerId: id }),
        recentInteractions: historyOf(id, RECENT_INTERACTIONS),
        interactionCount: statements.interactionCount.get({ customerId: id })?.n ?? 0,
      };
    },
    history(id: number): InteractionView[] {
      // SQLite treats a negative LIMIT as no limit.
      return historyOf(id, -1);
    },
  };
}

export type CustomerCardRepository = ReturnType<typeof createCustomerCardRepository>;
