/**
 * Netstring framing (`<byte length>:<payload>,`), the format of Kamailio's evapi with `netstring_format=1` in both
 * directions. TCP may split one message over several chunks or coalesce several into one, so the decoder keeps a
 * buffer and yields every complete payload.
 */

/** Longest payload accepted; evapi events are a few hundred bytes. A larger header means a broken stream. */
export const MAX_NETSTRING_BYTES = 1024 * 1024;

export type NetstringItem = { ok: true; payload: string } | { ok: false; error: string };

export function encodeNetstring(payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length}:`), body, Buffer.from(',')]);
}

export class NetstringDecoder {
  private buffer: Buffer = Buffer.alloc(0);

  /** Feeds one chunk; returns the payloads completed by it (and framing errors, after which it resynchronises). */
  push(chunk: Buffer): NetstringItem[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const items: NetstringItem[] = [];
    for (;;) {
      const colon = this.buffer.indexOf(0x3a);
      if (colon < 0) {
        if (this.buffer.length > 10) items.push(this.discard('netstring length header too long'));
        return items;
      }
      const header = this.buffer.subarray(0, colon).toString('latin1');
      const length = /^\d{1,10}$/.test(header) ? Number(header) : NaN;
      if (!Number.isInteger(length) || length > MAX_NETSTRING_BYTES) {
        items.push(this.resync(colon, `bad netstring length header "${header.slice(0, 12)}"`));
        continue;
      }
      const end = colon + 1 + length;
      if (this.buffer.length < end + 1) return items;
      const payload = this.buffer.subarray(colon + 1, end).toString('utf8');
      const terminated = this.buffer[end] === 0x2c;
      this.buffer = this.buffer.subarray(end + 1);
      items.push(terminated ? { ok: true, payload } : { ok: false, error: 'netstring without trailing ","' });
    }
  }

  /** Bytes waiting for the rest of their message. */
  pending(): number {
    return this.buffer.length;
  }

  reset(): void {
    this.buffer = Buffer.alloc(0);
  }

  private discard(error: string): NetstringItem {
    this.buffer = Buffer.alloc(0);
    return { ok: false, error };
  }

  /** Drops everything up to the next byte that can start a header, so one bad message does not poison the stream. */
  private resync(colon: number, error: string): NetstringItem {
    const comma = this.buffer.indexOf(0x2c);
    this.buffer =
      comma >= 0 && comma < colon ? this.buffer.subarray(comma + 1) : this.buffer.subarray(colon + 1);
    return { ok: false, error };
  }
}
