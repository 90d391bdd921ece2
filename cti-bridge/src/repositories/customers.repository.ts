import { asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { RingsideDb } from '../../../db/open-database';
import { customerPhones, customers } from '../../../db/schema';
import type { CustomerSummary, Phone, Tier } from '../../protocol/customer.schema';

export interface NewCustomer {
  name: string;
  company: string | null;
  tier: Tier;
  tags: string[];
  notes: string | null;
  phones: Phone[];
}

export function createCustomersRepository(db: RingsideDb) {
  // The screen-pop path: prepared once, one statement returns every customer owning the number with all of
  // their phones (a per-call drizzle build + prepare cost ~20x the index probe itself).
  const matchedPhone = alias(customerPhones, 'matched_phone');
  const byPhoneStatement = db
    .select({
      id: customers.id,
      name: customers.name,
      company: customers.company,
      tier: customers.tier,
      phoneId: customerPhones.id,
      e164: customerPhones.e164,
      raw: customerPhones.raw,
      label: customerPhones.label,
    })
    .from(matchedPhone)
    .innerJoin(customers, eq(customers.id, matchedPhone.customerId))
    .innerJoin(customerPhones, eq(customerPhones.customerId, customers.id))
    .where(eq(matchedPhone.e164, sql.placeholder('e164')))
    .orderBy(asc(customers.id), asc(customerPhones.id))
    .prepare();

  // Search: raw statements, as the FTS5 table (migration 0002) is not a drizzle table.
  const statements = {
    // The first matches the index yields, not the first by name: sorting every match of a common fragment
    // ("son": ~100k rows in a million) cost 16 ms p50 / 70 ms p99 at 1M customers; the agent types on instead.
    containing: db.$client.prepare<{ phrase: string; limit: number }, { id: number }>(
      `SELECT rowid AS id FROM customers_fts WHERE customers_fts MATCH @phrase LIMIT @limit`,
    ),
    startingWith: db.$client.prepare<{ prefix: string; limit: number }, { id: number }>(
      // a range on the name index: every name that starts with the prefix (U+10FFFF sorts after any next char)
      `SELECT id FROM customers WHERE name >= @prefix AND name < @prefix || char(1114111)
       ORDER BY name, id LIMIT @limit`,
    ),
  };

  const phonesOf = (ids: number[]): Map<number, Phone[]> => {
    const byCustomer = new Map<number, Phone[]>();
    if (ids.length === 0) return byCustomer;
    const rows = db
      .select()
      .from(customerPhones)
      .where(inArray(customerPhones.customerId, ids))
      .orderBy(asc(customerPhones.id))
      .all();
    for (const row of rows) {
      const list = byCustomer.get(row.customerId) ?? [];
      list.push({ e164: row.e164, raw: row.raw, label: row.label });
      byCustomer.set(row.customerId, list);
    }
    return byCustomer;
  };

  const summaries = (ids: number[]): CustomerSummary[] => {
    if (ids.length === 0) return [];
    const phones = phonesOf(ids);
    return db
      .select({ id: customers.id, name: customers.name, company: customers.company, tier: customers.tier })
      .from(customers)
      .where(inArray(customers.id, ids))
      .all()
      .map((row) => ({ ...row, phones: phones.get(row.id) ?? [] }));
  };

  return {
    /** Customers owning this exact E.164 number (the indexed screen-pop path). */
    findByPhone(e164: string): CustomerSummary[] {
      const found = new Map<number, CustomerSummary>();
      const seenPhones = new Set<number>();
      for (const row of byPhoneStatement.all({ e164 })) {
        let customer = found.get(row.id);
        if (!customer) {
          customer = { id: row.id, name: row.name, company: row.company, tier: row.tier, phones: [] };
          found.set(row.id, customer);
        }
        // A customer listing the same number twice joins once per listing: keep each phone row once.
        if (seenPhones.has(row.phoneId)) continue;
        seenPhones.add(row.phoneId);
        customer.phones.push({ e164: row.e164, raw: row.raw, label: row.label });
      }
      return [...found.values()];
    },
    /**
     * Name or company containing the text (three characters or more, any part, any case: the trigram index of
     * migration 0002), or a name starting with it (one or two characters: 李娜, "Wu"), or owning the normalised
     * number: the owners first, then the text matches in name order; at most `limit`.
     */
    search(text: string, e164: string | null, limit: number): CustomerSummary[] {
      const byPhone = e164 ? this.findByPhone(e164).map((customer) => customer.id) : [];
      const byText = (
        [...text].length >= 3
          ? statements.containing.all({ phrase: ftsPhrase(text), limit })
          : statements.startingWith.all({ prefix: text, limit })
      ).map((row) => row.id);
      const ids = [...new Set([...byPhone, ...byText])].slice(0, limit);
      const found = new Map(summaries(ids).map((customer) => [customer.id, customer]));
      const owners = new Set(byPhone);
      const byName = (a: CustomerSummary, b: CustomerSummary) =>
        a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id;
      const list = ids.flatMap((id) => found.get(id) ?? []);
      // the number's owners first, then the text matches in name order
      return [
        ...list.filter((customer) => owners.has(customer.id)),
        ...list.filter((customer) => !owners.has(customer.id)).sort(byName),
      ];
    },
    create(input: NewCustomer): number {
      return db.transaction((tx) => {
        const { id } = tx
          .insert(customers)
          .values({
            name: input.name,
            company: input.company,
            tier: input.tier,
            tags: input.tags,
            notes: input.notes,
          })
          .returning({ id: customers.id })
          .get();
        tx.insert(customerPhones)
          .values(input.phones.map((phone) => ({ customerId: id, ...phone })))
          .run();
        return id;
      });
    },
    findRow(id: number) {
      return db.select().from(customers).where(eq(customers.id, id)).get();
    },
    exists(id: number): boolean {
      return (db.select({ n: count() }).from(customers).where(eq(customers.id, id)).get()?.n ?? 0) > 0;
    },
    /** Stored phones picked at random by id (the simulator dials existing customers with them). */
    samplePhones(limit: number, random: () => number): Phone[] {
      const maxId = db
        .select({ id: customerPhones.id })
        .from(customerPhones)
        .orderBy(desc(customerPhones.id))
        .get()?.id;
      if (!maxId) return [];
      const ids = Array.from({ length: limit }, () => 1 + Math.floor(random() * maxId));
      return db
        .select({ e164: customerPhones.e164, raw: customerPhones.raw, label: customerPhones.label })
        .from(customerPhones)
        .where(inArray(customerPhones.id, ids))
        .all();
    },
  };
}

export type CustomersRepository = ReturnType<typeof createCustomersRepository>;

/**
 * The text as one FTS5 phrase: with the trigram tokenizer, "any substring, any case". FTS5's query parser ends
 * a string at a NUL ("unterminated string"), so control characters (refused by the API) become spaces here too.
 */
function ftsPhrase(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return `"${text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').replaceAll('"', '""')}"`;
}
