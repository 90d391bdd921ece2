/** Bencode (BitTorrent's encoding), the body format of rtpengine's ng control protocol. */

export type Bencoded = number | string | Bencoded[] | { [key: string]: Bencoded | undefined };

export function bencode(value: Bencoded): Buffer {
  if (typeof value === 'number') return Buffer.from(`i${Math.trunc(value)}e`);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value);
    return Buffer.concat([Buffer.from(`${bytes.length}:`), bytes]);
  }
  if (Array.isArray(value)) return Buffer.concat([Buffer.from('l'), ...value.map(bencode), Buffer.from('e')]);
  // keys sorted as raw strings, as the format requires; undefined values are left out
  const keys = Object.keys(value)
    .filter((key) => value[key] !== undefined)
    .sort();
  const parts = keys.flatMap((key) => [bencode(key), bencode(value[key] as Bencoded)]);
  return Buffer.concat([Buffer.from('d'), ...parts, Buffer.from('e')]);
}

/** Decodes one value starting at `at`; throws on malformed input (the caller contains it). */
export function bdecode(bytes: Buffer, at = 0): [Bencoded, number] {
  const head = bytes[at];
  if (head === undefined) throw new Error('bencode: truncated');
  if (head === 0x69) {
    const end = bytes.indexOf(0x65, at);
    if (end < 0) throw new Error('bencode: unterminated integer');
    return [Number(bytes.subarray(at + 1, end).toString()), end + 1];
  }
  if (head === 0x6c) {
    const list: Bencoded[] = [];
    let next = at + 1;
    while (bytes[next] !== 0x65) {
      const [item, after] = bdecode(bytes, next);
      list.push(item);
      next = after;
    }
    return [list, next + 1];
  }
  if (head === 0x64) {
    const dict: Record<string, Bencoded> = {};
    let next = at + 1;
    while (bytes[next] !== 0x65) {
      const [key, afterKey] = bdecode(bytes, next);
      const [item, after] = bdecode(bytes, afterKey);
      dict[String(key)] = item;
      next = after;
    }
    return [dict, next + 1];
  }
  const colon = bytes.indexOf(0x3a, at);
  if (colon < 0) throw new Error('bencode: bad string');
  const length = Number(bytes.subarray(at, colon).toString());
  if (!Number.isInteger(length) || colon + 1 + length > bytes.length) throw new Error('bencode: bad length');
  return [bytes.subarray(colon + 1, colon + 1 + length).toString(), colon + 1 + length];
}
