import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { toneWav } from '../../cti-bridge/src/pbx/kamailio/abandon-message';
import { bdecode, bencode } from '../../cti-bridge/src/pbx/kamailio/bencode';
import { carrierSdp, isCarrierClean } from '../../cti-bridge/src/pbx/kamailio/carrier-sdp';
import { NgError, RtpengineNg } from '../../cti-bridge/src/pbx/kamailio/rtpengine-ng';

describe('bencode (rtpengine ng bodies)', () => {
  it.each([
    [{ command: 'ping' }, 'd7:command4:pinge'],
    [{ b: 1, a: ['x', 'yz'] }, 'd1:al1:x2:yze1:bi1ee'],
    ['päß', '5:päß'],
  ])('%j ⇄ %s', (value, wire) => {
    expect(bencode(value).toString()).toBe(wire);
    expect(bdecode(Buffer.from(wire))[0]).toEqual(value);
  });

  it('leaves out undefined values and refuses truncated input', () => {
    expect(bencode({ a: undefined, b: 'c' }).toString()).toBe('d1:b1:ce');
    expect(() => bdecode(Buffer.from('5:ab'))).toThrow();
  });
});

describe('the SDP sent toward carriers', () => {
  const browserish = [
    'v=0',
    'o=- 1 2 IN IP4 127.0.0.1',
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    'a=group:BUNDLE 0',
    'a=msid-semantic: WMS x',
    'm=audio 30000 RTP/AVP 8 101',
    'a=mid:0',
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=msid:x y',
    'a=ssrc:123 cname:abc',
    'a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level',
    'a=rtcp-fb:8 transport-cc',
    'a=setup:active',
    'a=fingerprint:sha-256 AA',
    'a=sendrecv',
    'a=ptime:20',
  ].join('\r\n');

  it('keeps the media description and drops what only browsers understand', () => {
    const clean = carrierSdp(browserish);
    expect(clean).toContain('m=audio 30000 RTP/AVP 8 101');
    expect(clean).toContain('a=rtpmap:101 telephone-event/8000');
    expect(clean).toContain('a=sendrecv');
    expect(clean).toContain('a=ptime:20');
    expect(clean).not.toMatch(/a=(group|msid|ssrc|mid|extmap|rtcp-fb|setup|fingerprint)/);
    expect(isCarrierClean(clean)).toBe(true);
    expect(isCarrierClean(browserish)).toBe(false);
  });
});

describe('the default abandon message', () => {
  it('is an 8 kHz mono 16-bit PCM WAV of a few seconds', () => {
    const wav = toneWav();
    expect(wav.subarray(0, 4).toString()).toBe('RIFF');
    expect(wav.readUInt16LE(22)).toBe(1);
    expect(wav.readUInt32LE(24)).toBe(8000);
    expect(wav.readUInt16LE(34)).toBe(16);
    const seconds = wav.readUInt32LE(40) / 16_000;
    expect(seconds).toBeGreaterThan(1.5);
    expect(seconds).toBeLessThan(5);
  });
});

describe('the rtpengine ng client', () => {
  it('matches replies by cookie, retries a lost datagram with the same cookie, and reports errors as NgError', async () => {
    const fake = createSocket('udp4');
    const seen: string[] = [];
    fake.on('message', (message, peer) => {
      const cookie = message.subarray(0, message.indexOf(0x20)).toString();
      seen.push(cookie);
      if (seen.length === 1) return; // the first datagram is "lost"
      const body = bdecode(message.subarray(cookie.length + 1))[0] as { command: string };
      const reply =
        body.command === 'ping' ? { result: 'pong' } : { result: 'error', 'error-reason': 'Unknown call-id' };
      fake.send(Buffer.concat([Buffer.from(`${cookie} `), bencode(reply)]), peer.port, peer.address);
    });
    await new Promise<void>((done) => fake.bind(0, '127.0.0.1', () => done()));
    const ng = new RtpengineNg({ host: '127.0.0.1', port: fake.address().port, timeoutMs: 100 });
    try {
      expect((await ng.command({ command: 'ping' })).result).toBe('pong');
      expect(seen[0]).toBe(seen[1]);
      await expect(ng.command({ command: 'query', 'call-id': 'x' })).rejects.toBeInstanceOf(NgError);
    } finally {
      ng.close();
      fake.close();
    }
  });
});
