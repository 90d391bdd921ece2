import { describe, expect, it } from 'vitest';
import { classifyCarrierReoffer, mirroredAnswer } from '../../cti-bridge/src/pbx/kamailio/carrier-reoffer';
import { directionOf } from '../../cti-bridge/src/pbx/kamailio/sdp-direction';

const sdp = (o: { version?: number; port?: number; ip?: string; direction?: string; codecs?: string }) =>
  [
    'v=0',
    `o=gw 1 ${o.version ?? 1} IN IP4 192.0.2.1`,
    's=-',
    `c=IN IP4 ${o.ip ?? '192.0.2.1'}`,
    't=0 0',
    `m=audio ${o.port ?? 4000} RTP/AVP ${o.codecs ?? '0 101'}`,
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    ...(o.direction ? [`a=${o.direction}`] : []),
    '',
  ].join('\r\n');

describe("the carrier's re-offer on a server-placed call", () => {
  it.each([
    ['the same SDP (a session refresh)', sdp({}), { kind: 'refresh' }],
    ['a new version, nothing else', sdp({ version: 2 }), { kind: 'refresh' }],
    ['sendrecv spelled out', sdp({ direction: 'sendrecv' }), { kind: 'refresh' }],
    [
      'hold (sendonly)',
      sdp({ version: 2, direction: 'sendonly' }),
      { kind: 'direction', direction: 'sendonly' },
    ],
    [
      'hold (inactive)',
      sdp({ version: 2, direction: 'inactive' }),
      { kind: 'direction', direction: 'inactive' },
    ],
    ['another port', sdp({ version: 2, port: 4002 }), { kind: 'media' }],
    ['another address', sdp({ version: 2, ip: '192.0.2.9' }), { kind: 'media' }],
    ['other codecs', sdp({ version: 2, codecs: '8 101' }), { kind: 'media' }],
    ['held on another port', sdp({ version: 2, port: 4002, direction: 'sendonly' }), { kind: 'media' }],
  ])('%s', (_name, offer, expected) => {
    expect(classifyCarrierReoffer(sdp({}), offer)).toEqual(expected);
  });

  it('a resume after a hold is a direction change back to sendrecv', () => {
    expect(classifyCarrierReoffer(sdp({ direction: 'sendonly' }), sdp({ version: 3 }))).toEqual({
      kind: 'direction',
      direction: 'sendrecv',
    });
  });

  it('answers a direction change with our SDP mirrored, its version one up', () => {
    const ours = sdp({ version: 7, port: 30_000 });
    const answer = mirroredAnswer(ours, 'sendonly');
    expect(directionOf(answer)).toBe('recvonly');
    expect(answer).toContain('o=gw 1 8 IN IP4');
    expect(answer).toContain('m=audio 30000 RTP/AVP 0 101');
    expect(directionOf(mirroredAnswer(answer, 'sendrecv'))).toBe('sendrecv');
  });
});
