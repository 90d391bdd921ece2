/** Customer search on a real SQLite file with the real migrations (the FTS5 trigram index and its triggers). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type RingsideDb } from '../../db/open-database';
import { customerPhones, customers } from '../../db/schema';
import {
  createCustomersRepository,
  type CustomersRepository,
} from '../../cti-bridge/src/repositories/customers.repository';

let dir: string;
let db: RingsideDb;
let repo: CustomersRepository;
const ids: Record<string, number> = {};

const people = [
  { key: 'zhang', name: 'Zhang Wei', company: 'Wei Trading Co.', phone: '+12125550101' },
  { key: 'li', name: '李娜', company: '上海李娜科技有限公司', phone: '+8613800138000' },
  { key: 'wang', name: '王李娜', company: null, phone: '+8613800138001' },
  { key: 'percent', name: 'Ann 50% Off', company: 'Quote "Q" Ltd', phone: '+12125550102' },
  { key: 'wu', name: 'Wu Min', company: 'Ironwood', phone: '+12125550103' },
] as const;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ringside-search-'));
  db = openDatabase(join(dir, 'ringside.sqlite'));
  repo = createCustomersRepository(db);
  for (const person of people)
    ids[person.key] = repo.create({
      name: person.name,
      company: person.company,
      tier: 'B',
      tags: [],
      notes: null,
      phones: [{ e164: person.phone, raw: person.phone, label: 'mobile' }],
    });
});

afterAll(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

const found = (text: string, e164: string | null = null) =>
  repo.search(text, e164, 20).map((customer) => Object.keys(ids).find((key) => ids[key] === customer.id));

describe('customer search', () => {
  it.each([
    ['any part of a name, any case', 'wei', ['zhang']],
    ['across words of a company', 'wei trad', ['zhang']],
    ['any part of a Chinese company name', '科技有', ['li']],
    ['a three-character Chinese name inside another', '王李娜', ['wang']],
    ['one or two characters: names starting with them', '李娜', ['li']],
    ['one or two characters: case as typed', 'Wu', ['wu']],
    ['percent and quotes are plain text', '50%', ['percent']],
    ['a double quote inside the text', '"Q"', ['percent']],
    ['nothing', 'xyz', []],
    ['a NUL or another control character reads as a space', 'Wu\u0000Min', ['wu']],
  ])('%s (%s)', (_what, text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it('adds the customers owning a number first', () => {
    expect(found('Wu', '+12125550101')).toEqual(['zhang', 'wu']);
  });

  it('follows renames and deletions: the index is kept in step by triggers', () => {
    db.update(customers)
      .set({ name: 'Zhou Wei' })
      .where(eq(customers.id, ids['zhang'] ?? 0))
      .run();
    expect(found('zhou')).toEqual(['zhang']);
    expect(found('zhang')).toEqual([]);
    expect(found('ironwood')).toEqual(['wu']);
    db.delete(customerPhones)
      .where(eq(customerPhones.customerId, ids['wu'] ?? 0))
      .run();
    db.delete(customers)
      .where(eq(customers.id, ids['wu'] ?? 0))
      .run();
    expect(found('ironwood')).toEqual([]);
  });
});
