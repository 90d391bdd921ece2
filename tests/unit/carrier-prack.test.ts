import { describe, expect, it, vi } from 'vitest';
import {
  earlyMediaAnswer,
  extensionRefusal,
  isReliableProvisional,
} from '../../cti-bridge/src/pbx/kamailio/carrier-prack';
import type { NgCommand, NgReply, RtpengineNg } from '../../cti-bridge/src/pbx/kamailio/rtpengine-ng';
import type { CallHost, ServerCall } from '../../cti-bridge/src/pbx/kamailio/server-call';
import { customerLegMedia } from '../../cti-bridge/src/pbx/kamailio/server-call-carrier';
import { CarrierSdps, TRUNK_PEER_SDP, TRUNK_PEER_TAG } from '../../cti-bridge/src/pbx/kamailio/trunk-offer';

const sdp = (port: number, version = 1) =>
  [
    'v=0',
    `o=gw 1 ${version} IN IP4 10.0.0.1`,
    's=-',
    'c=IN IP4 10.0.0.1',
    't=0 0',
    `m=audio ${port} RTP/AVP 8`,
    '',
  ].join('\r\n');

describe('a reliable provisional response (RFC 3262)', () => {
  it('requires 100rel and carries an RSeq; never a 100 or a final response', () => {
    expect(isReliableProvisional(183, '100rel', '1')).toBe(true);
    expect(isReliableProvisional(180, 'timer, 100rel', ' 42 ')).toBe(true);
    expect(isReliableProvisional(183, '100REL', '7')).toBe(true);
    expect(isReliableProvisional(183, undefined, '1')).toBe(false);
    expect(isReliableProvisional(183, '100rel', undefined)).toBe(false);
    expect(isReliableProvisional(183, '100rel', 'x')).toBe(false);
    expect(isReliableProvisional(183, 'precondition', '1')).toBe(false);
    expect(isReliableProvisional(100, '100rel', '1')).toBe(false);
    expect(isReliableProvisional(200, '100rel', '1')).toBe(false);
  });
});

describe("a carrier's refusal for an extension", () => {
  it('names what a 420 does not support and what a 421 requires; other codes have no such reason', () => {
    expect(extensionRefusal(420, { unsupported: 'timer' })).toBe('carrier does not support: timer');
    expect(extensionRefusal(420, { unsupported: 'timer, replaces' })).toBe(
      'carrier does not support: timer, replaces',
    );
    expect(extensionRefusal(421, { require: 'precondition' })).toBe(
      'carrier requires an extension the dialer lacks: precondition',
    );
    expect(extensionRefusal(420, {})).toBe('carrier does not support: unnamed');
    // a header value is not copied into the log as it is: only option-tag shaped words
    expect(extensionRefusal(421, { require: 'a b\r\nX: y' })).toBe(
      'carrier requires an extension the dialer lacks: unnamed',
    );
    expect(extensionRefusal(486, { require: '100rel' })).toBeNull();
    expect(extensionRefusal(503, {})).toBeNull();
  });
});

describe("the carrier's SDPs on a delayed-offer leg", () => {
  it('an unreliable 183 offer is kept for the 200 OK, whose offer is the one answered', () => {
    const sdps = new CarrierSdps('delayed');
    expect(sdps.received(sdp(4000), false)).toBe('keep');
    expect(sdps.received(sdp(4002), true)).toBe('apply');
    expect(sdps.latest).toBe(sdp(4002));
    expect(sdps.answeredEarly).toBe(false);
  });

  it("a reliable 183's offer is answered in the PRACK; the 200 OK's same SDP changes nothing, another is ignored", () => {
    const sdps = new CarrierSdps('delayed');
    expect(sdps.received(sdp(4000), false, true)).toBe('prack');
    expect(sdps.answeredEarly).toBe(true);
    expect(sdps.received(sdp(4000).replace(/\r\n/g, '\n'), true)).toBe('same');
    expect(sdps.received(sdp(4002, 2), true)).toBe('ignore');
    expect(sdps.received(sdp(4004), false, true)).toBe('ignore');
    expect(sdps.latest).toBe(sdp(4000));
  });

  it('an unreliable 183 offer, then a reliable one: the reliable one is answered in the PRACK', () => {
    const sdps = new CarrierSdps('delayed');
    expect(sdps.received(sdp(4000), false)).toBe('keep');
    expect(sdps.received(sdp(4002), false, true)).toBe('prack');
    expect(sdps.latest).toBe(sdp(4002));
  });

  it('on an early-offer leg a reliable 183 is an answer like an unreliable one', () => {
    const sdps = new CarrierSdps('early');
    expect(sdps.received(sdp(4000), false, true)).toBe('apply');
    sdps.markApplied(sdp(4000));
    expect(sdps.received(sdp(4000), true)).toBe('same');
    expect(sdps.answeredEarly).toBe(false);
  });
});

describe("the PRACK's answer", () => {
  it("anchors the carrier's offer against the stand-in peer, plain RTP, ports latched, cleaned for carriers", async () => {
    const sent: NgCommand[] = [];
    const browserish = [
      'v=0',
      'c=IN IP4 127.0.0.1',
      'm=audio 40000 RTP/AVP 8',
      'a=msid:a b',
      'a=sendrecv',
      '',
    ].join('\r\n');
    const ng = {
      command: async (command: NgCommand): Promise<NgReply> => {
        sent.push(command);
        return { result: 'ok', sdp: browserish };
      },
    } as unknown as RtpengineNg;
    const answer = await earlyMediaAnswer(ng, { callId: 'c1', customerTag: 'cust' }, sdp(4000));
    const common = {
      'call-id': 'c1',
      'from-tag': 'cust',
      'to-tag': TRUNK_PEER_TAG,
      'transport-protocol': 'RTP/AVP',
      ICE: 'remove',
      flags: ['port-latching'],
    };
    expect(sent[0]).toMatchObject({ command: 'offer', sdp: sdp(4000), ...common });
    expect(sent[1]).toMatchObject({ command: 'answer', sdp: TRUNK_PEER_SDP, ...common });
    expect(answer).toContain('m=audio 40000 RTP/AVP 8');
    expect(answer).not.toContain('a=msid');
  });
});

describe("a delayed-offer customer leg's early media", () => {
  const setup = (command: (c: NgCommand) => Promise<NgReply>) => {
    const cancel = vi.fn(async () => undefined);
    const call = {
      request: { callId: 'x' },
      ids: { callId: 'c1', customerTag: 'cust' },
      customer: { cancel },
      offer: null,
      localSdp: null,
    } as unknown as ServerCall;
    const log = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const host = { deps: { ng: { command } as unknown as RtpengineNg, log } } as unknown as CallHost;
    const pickedUp = vi.fn();
    return { call, cancel, log, media: customerLegMedia(host, call, false, pickedUp), pickedUp };
  };

  it("answers the reliable 183's offer for the PRACK: the call keeps it, latched, and is not picked up yet", async () => {
    const { call, media, pickedUp } = setup(async () => ({ result: 'ok', sdp: sdp(40000) }));
    expect(await media.early?.(sdp(4000))).toBe(sdp(40000));
    expect(call.offer).toBe(sdp(4000));
    expect(call.localSdp).toBe(sdp(40000));
    expect(call.ids.latched).toBe(true);
    expect(pickedUp).not.toHaveBeenCalled();
  });

  it('without an answer (rtpengine down) the INVITE is cancelled, not left ringing at the carrier', async () => {
    const { cancel, log, media } = setup(async () => {
      throw new Error('rtpengine offer: timeout');
    });
    await expect(media.early?.(sdp(4000))).rejects.toThrow('timeout');
    expect(cancel).toHaveBeenCalledTimes(1);
    expect(log.warn).toHaveBeenCalledWith('dialer: no answer for the PRACK', expect.anything());
  });
});
