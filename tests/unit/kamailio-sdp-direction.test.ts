import { describe, expect, it } from 'vitest';
import {
  answerTo,
  directionOf,
  isHold,
  withDirection,
  type SdpDirection,
} from '../../cti-bridge/src/pbx/kamailio/sdp-direction';

const sdp = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;
const HEAD = ['v=0', 'o=- 4611731400430051336 2 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 192.0.2.2', 't=0 0'];
const AUDIO = ['m=audio 9 UDP/TLS/RTP/SAVPF 111 0', 'a=rtpmap:0 PCMU/8000', 'a=mid:0'];

describe('the direction a softphone offers in a re-INVITE', () => {
  it.each<[string, string, SdpDirection]>([
    ['no direction at all: sendrecv', sdp(...HEAD, ...AUDIO), 'sendrecv'],
    ["sip.js's hold of a two-way call", sdp(...HEAD, ...AUDIO, 'a=sendonly'), 'sendonly'],
    ['hold of a call the far end already holds', sdp(...HEAD, ...AUDIO, 'a=inactive'), 'inactive'],
    ['resume', sdp(...HEAD, ...AUDIO, 'a=sendrecv'), 'sendrecv'],
    ['only a session-level direction', sdp(...HEAD, 'a=sendonly', ...AUDIO), 'sendonly'],
    [
      "the stream's own direction wins over the session's",
      sdp(...HEAD, 'a=inactive', ...AUDIO, 'a=recvonly'),
      'recvonly',
    ],
    ['a refused stream (port 0) is inactive', sdp(...HEAD, 'm=audio 0 RTP/AVP 0', 'a=sendrecv'), 'inactive'],
    [
      'video first, the audio stream decides',
      sdp(...HEAD, 'm=video 9 RTP/AVP 96', 'a=inactive', ...AUDIO, 'a=sendonly'),
      'sendonly',
    ],
    ['LF line ends', [...HEAD, ...AUDIO, 'a=sendonly'].join('\n'), 'sendonly'],
  ])('%s', (_name, offer, expected) => {
    expect(directionOf(offer)).toBe(expected);
  });
});

describe('what the customer side answers (RFC 3264 §6.1)', () => {
  it.each<[SdpDirection, SdpDirection, boolean]>([
    ['sendonly', 'recvonly', true],
    ['inactive', 'inactive', true],
    ['recvonly', 'sendonly', false],
    ['sendrecv', 'sendrecv', false],
  ])('offered %s: answers %s, hold %s', (offered, answer, hold) => {
    expect(answerTo(offered)).toBe(answer);
    expect(isHold(offered)).toBe(hold);
  });
});

describe('the customer SDP with a direction', () => {
  const customer = sdp(
    'v=0',
    'o=gw 53655765 2353687637 IN IP4 127.0.0.2',
    's=-',
    'c=IN IP4 127.0.0.2',
    't=0 0',
    'a=sendrecv',
    'm=audio 40000 RTP/AVP 0 101',
    'a=rtpmap:0 PCMU/8000',
    'a=sendrecv',
    'a=ptime:20',
  );

  it('sets one direction line per stream, drops the session-level one and bumps the origin version', () => {
    const held = withDirection(customer, 'recvonly');
    expect(held).toBe(
      sdp(
        'v=0',
        'o=gw 53655765 2353687638 IN IP4 127.0.0.2',
        's=-',
        'c=IN IP4 127.0.0.2',
        't=0 0',
        'm=audio 40000 RTP/AVP 0 101',
        'a=rtpmap:0 PCMU/8000',
        'a=recvonly',
        'a=ptime:20',
      ),
    );
    expect(directionOf(held)).toBe('recvonly');
  });

  it('adds the direction to streams without one, and back to sendrecv on resume', () => {
    const bare = sdp(...HEAD, ...AUDIO, 'm=video 9 RTP/AVP 96');
    const out = withDirection(bare, 'inactive');
    expect(out.match(/^a=inactive$/gm)).toHaveLength(2);
    expect(directionOf(withDirection(out, 'sendrecv'))).toBe('sendrecv');
  });

  it('keeps an origin version beyond 2^53 exact', () => {
    const big = sdp('v=0', 'o=- 1 9007199254740993 IN IP4 127.0.0.1', 's=-', 't=0 0', ...AUDIO);
    expect(withDirection(big, 'sendrecv')).toContain('o=- 1 9007199254740994 IN IP4');
  });
});
