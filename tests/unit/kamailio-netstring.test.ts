import { describe, expect, it } from 'vitest';
import { encodeNetstring, NetstringDecoder } from '../../cti-bridge/src/pbx/kamailio/netstring';

const frame = (s: string) => encodeNetstring(s);
const payloads = (items: ReturnType<NetstringDecoder['push']>) =>
  items.map((item) => (item.ok ? item.payload : `!${item.error}`));

describe('netstring framing (evapi)', () => {
  it('encodes the byte length, not the character length', () => {
    expect(frame('{"a":"é"}').toString()).toBe('10:{"a":"é"},');
  });

  it('yields every message of a coalesced chunk', () => {
    const decoder = new NetstringDecoder();
    const chunk = Buffer.concat([frame('{"n":1}'), frame('{"n":2}'), frame('{"n":3}')]);
    expect(payloads(decoder.push(chunk))).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
    expect(decoder.pending()).toBe(0);
  });

  it.each([1, 2, 3, 5, 7])('reassembles a message split into %i-byte chunks', (size) => {
    const decoder = new NetstringDecoder();
    const wire = Buffer.concat([frame('{"event":"offer","from":"李雷"}'), frame('{"x":true}')]);
    const out: string[] = [];
    for (let i = 0; i < wire.length; i += size)
      out.push(...payloads(decoder.push(wire.subarray(i, i + size))));
    expect(out).toEqual(['{"event":"offer","from":"李雷"}', '{"x":true}']);
  });

  it('keeps half a message until the rest arrives', () => {
    const decoder = new NetstringDecoder();
    const wire = frame('{"event":"cancel"}');
    expect(decoder.push(wire.subarray(0, 6))).toEqual([]);
    expect(decoder.pending()).toBe(6);
    expect(payloads(decoder.push(wire.subarray(6)))).toEqual(['{"event":"cancel"}']);
  });

  it.each([
    ['a bad length header', 'xx:{},', ['{"ok":1}']],
    ['a missing trailing comma', '2:{}X', ['!netstring without trailing ","', '{"ok":1}']],
  ])('reports %s and resynchronises', (_name, garbage, expected) => {
    const decoder = new NetstringDecoder();
    const items = payloads(decoder.push(Buffer.concat([Buffer.from(garbage), frame('{"ok":1}')])));
    expect(items.filter((item) => !item.startsWith('!bad'))).toEqual(expected);
  });

  it('drops a header that never ends instead of buffering forever', () => {
    const decoder = new NetstringDecoder();
    const items = decoder.push(Buffer.from('123456789012345'));
    expect(items[0]?.ok).toBe(false);
    expect(decoder.pending()).toBe(0);
  });

  it('refuses a length beyond the limit', () => {
    const decoder = new NetstringDecoder();
    const items = decoder.push(Buffer.from('99999999:'));
    expect(items[0]?.ok).toBe(false);
  });
});
