/**
 * Writes demo bundles with raw better-sqlite3 prepared statements: drizzle's query builder costs more per row
 * than SQLite itself, which matters at ten million rows. Column lists are explicit so a new nullable column
 * in the schema does not break the seed.
 */
import type Database from 'better-sqlite3';
import type { CustomerBundle, NextIds } from './demo-context';

export interface WriteCounts {
  customers: number;
  phones: number;
  orders: number;
  items: number;
  payments: number;
  interactions: number;
  followUps: number;
  dncEntries: number;
}

const SQL = {
  customer: `INSERT INTO customers (id, name, company, tier, tags, owner_user_id, birthday, notes, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  phone: `INSERT INTO customer_phones (id, customer_id, raw, e164, label) VALUES (?, ?, ?, ?, ?)`,
  order: `INSERT INTO orders (id, customer_id, kind, number, placed_at, amount_cents, currency, status,
    payment_status, delivery_status, delivered_at, ends_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  item: `INSERT INTO order_items (id, order_id, product_id, quantity, unit_price_cents) VALUES (?, ?, ?, ?, ?)`,
  payment: `INSERT INTO payments (id, order_id, amount_cents, paid_at, method) VALUES (?, ?, ?, ?, ?)`,
  interaction: `INSERT INTO interactions (id, direction, pbx_call_id, business_type_id, queue_id, agent_id,
    customer_id, caller_raw, caller_e164, service_number, queued_at, offered_at, answered_at, ended_at,
    wrapped_at, wait_ms, talk_ms, wrap_ms, outcome, disposition_id, notes)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'completed', ?, ?)`,
  followUp: `INSERT INTO follow_ups (id, customer_id, interaction_id, kind, due_at, owner_user_id, status,
    phone_e164, notes, created_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)`,
  // A number can be dispositioned "do not call" twice (shared lines); the list keeps one entry.
  dnc: `INSERT OR IGNORE INTO dnc_entries (e164, scope, campaign_id, source, reason, added_by, added_at)
    VALUES (?, 'global', 0, 'agent', 'do-not-call disposition', ?, ?)`,
} as const;

type Statements = Record<keyof typeof SQL, Database.Statement>;

export class DemoWriter {
  readonly counts: WriteCounts = {
    customers: 0,
    phones: 0,
    orders: 0,
    items: 0,
    payments: 0,
    interactions: 0,
    followUps: 0,
    dncEntries: 0,
  };
  private readonly statements: Statements;

  constructor(client: Database.Database) {
    const entries = Object.entries(SQL).map(([name, sql]) => [name, client.prepare(sql)]);
    this.statements = Object.fromEntries(entries) as Statements;
  }

  /** Writes one customer and everything around it; call inside a transaction. */
  write(bundle: CustomerBundle): void {
    const s = this.statements;
    const c = bundle.customer;
    s.customer.run(
      c.id,
      c.name,
      c.company,
      c.tier,
      JSON.stringify(c.tags),
      c.ownerUserId,
      c.birthday,
      c.notes,
      c.createdAt,
    );
    for (const p of bundle.phones) s.phone.run(p.id, p.customerId, p.raw, p.e164, p.label);
    for (const o of bundle.orders) {
      // prettier-ignore
      s.order.run(o.id, o.customerId, o.kind, o.number, o.placedAt, o.amountCents, o.currency, o.status,
        o.paymentStatus, o.deliveryStatus, o.deliveredAt, o.endsAt);
    }
    for (const i of bundle.items) s.item.run(i.id, i.orderId, i.productId, i.quantity, i.unitPriceCents);
    for (const p of bundle.payments) s.payment.run(p.id, p.orderId, p.amountCents, p.paidAt, p.method);
    for (const i of bundle.interactions) {
      // prettier-ignore
      s.interaction.run(i.id, i.direction, i.pbxCallId, i.businessTypeId, i.queueId, i.agentId, i.customerId,
        i.callerRaw, i.callerE164, i.serviceNumber, i.queuedAt, i.offeredAt, i.answeredAt, i.endedAt, i.wrappedAt,
        i.waitMs, i.talkMs, i.wrapMs, i.dispositionId, i.notes);
    }
    for (const f of bundle.followUps) {
      // prettier-ignore
      s.followUp.run(f.id, f.customerId, f.interactionId, f.kind, f.dueAt, f.ownerUserId, f.phoneE164, f.notes,
        f.createdAt);
    }
    for (const d of bundle.dnc) this.counts.dncEntries += s.dnc.run(d.e164, d.addedBy, d.addedAt).changes;
    this.count(bundle);
  }

  private count(bundle: CustomerBundle): void {
    const n = this.counts;
    n.customers += 1;
    n.phones += bundle.phones.length;
    n.orders += bundle.orders.length;
    n.items += bundle.items.length;
    n.payments += bundle.payments.length;
    n.interactions += bundle.interactions.length;
    n.followUps += bundle.followUps.length;
  }
}

const ID_TABLES: Record<keyof NextIds, string> = {
  customer: 'customers',
  phone: 'customer_phones',
  order: 'orders',
  item: 'order_items',
  payment: 'payments',
  interaction: 'interactions',
  followUp: 'follow_ups',
};

/** The first free id per table, so a second seed (with --force) appends after the existing rows. */
export function readNextIds(client: Database.Database): NextIds {
  const next = (table: string): number =>
    (client.prepare(`SELECT coalesce(max(id), 0) + 1 AS next FROM ${table}`).get() as { next: number }).next;
  const entries = Object.entries(ID_TABLES).map(([key, table]) => [key, next(table)]);
  return Object.fromEntries(entries) as NextIds;
}
