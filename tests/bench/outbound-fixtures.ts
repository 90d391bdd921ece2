/** Deterministic inputs for the outbound bench: lead CSV files, DNC registry files, lead number sets. */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** A small fast PRNG (mulberry32): the same seed gives the same files on every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Real NANP area codes across the mainland zones, Alaska and Hawaii.
const AREAS = [212, 305, 404, 617, 312, 214, 713, 303, 480, 206, 213, 415, 702, 907, 808, 615, 503, 801];

/** A 10-digit NANP number (area + exchange 2xx–9xx + line). */
export function nanp(next: () => number): number {
  const area = AREAS[Math.floor(next() * AREAS.length)] as number;
  const exchange = 200 + Math.floor(next() * 800);
  const line = Math.floor(next() * 10_000);
  return area * 10_000_000 + exchange * 10_000 + line;
}

const FIRST = ['Ann', 'Bob', 'Carla', 'Deepak', '伟', '芳', 'Émile', 'Zoë'];
const LAST = ['Lee', 'Smith', 'García', '张', '王', 'Nguyen', "O'Brien"];

/** A lead list CSV with a header, quoted commas and some quoted newlines, CRLF line ends. */
export function leadCsv(rows: number, seed: number): string {
  const next = random(seed);
  const lines = ['phone,first_name,last_name,company,notes,plan'];
  for (let i = 0; i < rows; i++) {
    const n = nanp(next);
    const first = FIRST[i % FIRST.length] as string;
    const last = LAST[i % LAST.length] as string;
    const notes = i % 50 === 0 ? '"called before,\nasked for email"' : 'new';
    lines.push(
      `(${String(n).slice(0, 3)}) ${String(n).slice(3, 6)}-${String(n).slice(6)},${first},${last},"Firm ${i}, Ltd",${notes},gold`,
    );
  }
  return lines.join('\r\n') + '\r\n';
}

/** Writes `count` 10-digit numbers, one a line (a national registry's layout); returns the numbers as E.164 digits. */
export async function writeRegistryFile(file: string, count: number, seed: number): Promise<Float64Array> {
  const next = random(seed);
  const numbers = new Float64Array(count);
  const out = createWriteStream(file);
  let chunk = '';
  for (let i = 0; i < count; i++) {
    const n = nanp(next);
    numbers[i] = 1e10 + n;
    chunk += `${n}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return numbers;
}

/** `count` lead numbers as E.164 strings, `listedShare` of them taken from the registry. */
export function scrubLeads(
  count: number,
  registry: Float64Array,
  listedShare: number,
  seed: number,
): string[] {
  const next = random(seed);
  const out = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const listed = next() < listedShare && registry.length > 0;
    const value = listed ? (registry[Math.floor(next() * registry.length)] as number) : 1e10 + nanp(next);
    out[i] = `+${value}`;
  }
  return out;
}
