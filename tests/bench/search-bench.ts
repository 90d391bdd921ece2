/**
 * Customer search as an agent types it, on the bench database: part of a name or company (the FTS5 trigram
 * index) and a two-letter name start (the name index), against the `LIKE '%text%'` scan it replaced.
 */
import { createCustomersRepository } from '../../cti-bridge/src/repositories/customers.repository';
import type { RingsideDb } from '../../db/open-database';
import { latencyRow, measure, opsPerSecond, type BenchRow } from './bench-stats';
import { seededRandom } from './caller-samples';

const SEARCHES = 500;
/** Each baseline search scans the whole customers table, so far fewer samples. */
const SCANS = 20;
const LIMIT = 20;

interface Sample {
  customerId: number;
  text: string;
}

export function searchBench(db: RingsideDb): BenchRow[] {
  const repo = createCustomersRepository(db);
  const parts = samples(db, SEARCHES, (name, company, random) =>
    pieceOf(random() < 0.5 ? name : (company ?? name), random),
  );
  const starts = samples(db, SEARCHES, (name) => [...name].slice(0, 2).join(''));
  for (const sample of [...parts, ...starts]) repo.search(sample.text, null, LIMIT); // warm-up, as lookups do

  const fts = measure(parts, (s) => repo.search(s.text, null, LIMIT).map((c) => c.id));
  const prefix = measure(starts, (s) => repo.search(s.text, null, LIMIT).map((c) => c.id));
  const scanSql = db.$client
    .prepare(
      `SELECT id FROM customers WHERE name LIKE '%' || @text || '%' OR company LIKE '%' || @text || '%'
       ORDER BY name LIMIT ${LIMIT}`,
    )
    .pluck();
  const scanSamples = parts.slice(0, SCANS);
  scanSql.all({ text: scanSamples[0]?.text ?? '' }); // pulls the table into the page cache
  const scan = measure(scanSamples, (s) => scanSql.all({ text: s.text }) as number[]);
  const ftsOfScanned = fts.results.slice(0, SCANS);
  return [
    latencyRow(
      'customer search: any part of name/company (FTS5 trigram)',
      fts.ms,
      `${opsPerSecond(fts.ms.length, fts.totalMs)}; 3–6 characters from a random customer; the first ${LIMIT} ` +
        `matches; that customer among them ${found(parts, fts.results)}/${parts.length} (common fragments match thousands)`,
    ),
    latencyRow(
      'customer search: two-letter name start (name index)',
      prefix.ms,
      `${opsPerSecond(prefix.ms.length, prefix.totalMs)}; first ${LIMIT} by name`,
    ),
    latencyRow(
      'baseline: `name/company LIKE %text%` scan (before)',
      scan.ms,
      `${opsPerSecond(scan.ms.length, scan.totalMs)}; the first ${scanSamples.length} texts; first ${LIMIT} by name ` +
        `(stops early on common fragments, reads every row on rare ones); that customer among them ` +
        `${found(scanSamples, scan.results)}/${scanSamples.length}, the index ${found(scanSamples, ftsOfScanned)}/${scanSamples.length}`,
    ),
  ];
}

type Pick = (name: string, company: string | null, random: () => number) => string;

function samples(db: RingsideDb, count: number, pick: Pick): Sample[] {
  const random = seededRandom(count);
  const max = (db.$client.prepare('SELECT max(id) FROM customers').pluck().get() as number | null) ?? 0;
  const row = db.$client.prepare('SELECT id, name, company FROM customers WHERE id >= ? LIMIT 1');
  const out: Sample[] = [];
  while (out.length < count && max > 0) {
    const found = row.get(1 + Math.floor(random() * max)) as {
      id: number;
      name: string;
      company: string | null;
    };
    const text = pick(found.name, found.company, random).trim();
    if ([...text].length >= 2) out.push({ customerId: found.id, text });
  }
  return out;
}

/** 3–6 characters from inside the text, as an agent remembers a fragment. */
function pieceOf(text: string, random: () => number): string {
  const chars = [...text];
  const length = Math.min(chars.length, 3 + Math.floor(random() * 4));
  const start = Math.floor(random() * (chars.length - length + 1));
  return chars.slice(start, start + length).join('');
}

function found(items: readonly Sample[], results: readonly number[][]): number {
  return items.filter((item, i) => results[i]?.includes(item.customerId)).length;
}
