import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CampaignMessages,
  messageFileName,
  voiceFor,
} from '../../cti-bridge/src/pbx/kamailio/campaign-messages';
import type { NgCommand, NgReply, RtpengineNg } from '../../cti-bridge/src/pbx/kamailio/rtpengine-ng';
import { agentReoffer } from '../../cti-bridge/src/pbx/kamailio/server-call-hold';
import {
  agentOffer,
  customerAnswer,
  messageAnswer,
} from '../../cti-bridge/src/pbx/kamailio/server-call-media';
import {
  applyCarrierAnswer,
  carrierOffer,
  CarrierSdps,
  sameSdp,
  TRUNK_PEER_SDP,
  TRUNK_PEER_TAG,
} from '../../cti-bridge/src/pbx/kamailio/trunk-offer';

/** An ng client that records the commands and answers with a browser-flavoured SDP. */
function fakeNg() {
  const sent: NgCommand[] = [];
  const sdp = [
    'v=0',
    'o=- 1 1 IN IP4 127.0.0.1',
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    'm=audio 40000 RTP/AVP 8 0 101',
    'a=rtpmap:8 PCMA/8000',
    'a=msid:a b',
    'a=ssrc:1 cname:x',
    'a=sendrecv',
    '',
  ].join('\r\n');
  const ng = {
    command: async (command: NgCommand): Promise<NgReply> => {
      sent.push(command);
      return { result: 'ok', sdp };
    },
  } as unknown as RtpengineNg;
  return { ng, sent };
}

const IDS = { callId: 'c1', customerTag: 'cust' };
const carrier = (port: number) =>
  [
    'v=0',
    'o=gw 1 1 IN IP4 10.0.0.1',
    's=-',
    'c=IN IP4 10.0.0.1',
    't=0 0',
    `m=audio ${port} RTP/AVP 8`,
    '',
  ].join('\r\n');

describe('the early offer toward the carrier', () => {
  it("is rtpengine's plain RTP/AVP offer from a stand-in peer, cleaned of browser-only lines, ports latched", async () => {
    const { ng, sent } = fakeNg();
    const offer = await carrierOffer(ng, { ...IDS, latched: true });
    expect(sent[0]).toMatchObject({
      command: 'offer',
      'call-id': 'c1',
      'from-tag': TRUNK_PEER_TAG,
      sdp: TRUNK_PEER_SDP,
      'transport-protocol': 'RTP/AVP',
      ICE: 'remove',
      DTLS: 'off',
      flags: ['port-latching'],
    });
    expect(offer).toContain('m=audio 40000 RTP/AVP 8 0 101');
    expect(offer).not.toMatch(/a=(msid|ssrc)/);
    expect(TRUNK_PEER_SDP).toMatch(/m=audio 9 RTP\/AVP 8 0 101\r\n/);
    expect(TRUNK_PEER_SDP).toContain('a=sendrecv');
  });

  it("gives the carrier's answer to rtpengine as the customer's side (to-tag = the customer leg's tag)", async () => {
    const { ng, sent } = fakeNg();
    await applyCarrierAnswer(ng, IDS, carrier(30000));
    expect(sent[0]).toMatchObject({
      command: 'answer',
      'from-tag': TRUNK_PEER_TAG,
      'to-tag': 'cust',
      sdp: carrier(30000),
      flags: ['port-latching'],
    });
  });

  it('names the agent and the message by their tags and keeps the ports on an early-offer call only', async () => {
    const early = fakeNg();
    await agentOffer(early.ng, { ...IDS, latched: true }, carrier(30000), 'agent-tag');
    await customerAnswer(early.ng, { ...IDS, latched: true }, 'agent-tag', 'v=0\r\n');
    await messageAnswer(early.ng, { ...IDS, latched: true }, carrier(30000));
    expect(early.sent.map((c) => [c.command, c['to-tag'], c.flags])).toEqual([
      ['offer', 'agent-tag', ['generate-mid', 'port-latching']],
      ['answer', 'agent-tag', ['port-latching']],
      ['offer', 'ringside-message', ['port-latching']],
      ['answer', 'ringside-message', ['port-latching']],
    ]);
    expect(early.sent[0]).toMatchObject({ 'transport-protocol': 'UDP/TLS/RTP/SAVPF', ICE: 'force' });

    const delayed = fakeNg();
    await agentOffer(delayed.ng, IDS, carrier(30000), 'agent-tag');
    expect(delayed.sent[0]?.['to-tag']).toBeUndefined();
    expect(delayed.sent[0]?.flags).toEqual(['generate-mid']);
  });
  it("keeps an early-offer customer's ports through the agent's hold re-offer too", async () => {
    const early = fakeNg();
    await agentReoffer(early.ng, { ...IDS, latched: true }, 'agent-tag', carrier(30000), carrier(30000));
    expect(early.sent.map((c) => c.flags)).toEqual([['port-latching'], ['generate-mid', 'port-latching']]);
    const delayed = fakeNg();
    await agentReoffer(delayed.ng, IDS, 'agent-tag', carrier(30000), carrier(30000));
    expect(delayed.sent.map((c) => c.flags)).toEqual([undefined, ['generate-mid']]);
  });
});

describe("the carrier's SDPs on a customer leg", () => {
  it.each([
    // offer style, [SDP, final?] in order, the step for each
    [
      'early',
      [
        [carrier(30000), false],
        [carrier(30000), true],
      ],
      ['apply', 'same'],
    ],
    [
      'early',
      [
        [carrier(30000), false],
        [carrier(30002), true],
      ],
      ['apply', 'apply'],
    ],
    ['early', [[carrier(30000), true]], ['apply']],
    [
      'delayed',
      [
        [carrier(30000), false],
        [carrier(30002), true],
      ],
      ['keep', 'apply'],
    ],
    ['delayed', [[carrier(30000), true]], ['apply']],
  ] as const)('%s: %j → %j', (offer, responses, steps) => {
    const sdps = new CarrierSdps(offer);
    const got = responses.map(([sdp, final]) => {
      const step = sdps.received(sdp, final);
      if (step === 'apply') sdps.markApplied(sdp);
      return step;
    });
    expect(got).toEqual(steps);
    expect(sdps.latest).toBe(responses.at(-1)?.[0]);
  });

  it('compares SDPs by their lines, not their line endings', () => {
    expect(sameSdp('v=0\r\nm=audio 1 RTP/AVP 8\r\n', 'v=0\nm=audio 1 RTP/AVP 8\n\n')).toBe(true);
    expect(sameSdp(carrier(30000), carrier(30002))).toBe(false);
  });
});

describe("a campaign's own abandon message", () => {
  it('picks the voice by the script and names the cache by the text', () => {
    expect(voiceFor('Sorry, all agents are busy')).toBe('en-us');
    expect(voiceFor('抱歉，坐席忙')).toBe('cmn');
    expect(messageFileName('a')).toBe(messageFileName('a'));
    expect(messageFileName('a')).not.toBe(messageFileName('b'));
    expect(messageFileName('a')).toMatch(/^campaign-[0-9a-f]{20}\.wav$/);
  });

  it('is made once per text as an 8 kHz mono 16-bit WAV; the default plays until it is ready', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ringside-messages-'));
    try {
      const log = {
        debug: () => undefined,
        info: () => undefined,
        warn: () => undefined,
        error: () => undefined,
      };
      const messages = new CampaignMessages({ dir, defaultFile: '/default.wav', log });
      const text = 'Ringside calling for Acme. Call us back on 0800 000 000.';
      expect(messages.fileFor(text)).toBe('/default.wav');
      expect(messages.fileFor(null)).toBe('/default.wav');
      const first = messages.prepare(text);
      expect(messages.prepare(text)).toBe(first);
      await first;
      const file = messages.fileFor(text);
      expect(file).toBe(join(dir, messageFileName(text)));
      const wav = readFileSync(file);
      expect(wav.subarray(0, 4).toString()).toBe('RIFF');
      expect(wav.readUInt16LE(22)).toBe(1);
      expect(wav.readUInt32LE(24)).toBe(8000);
      expect(wav.readUInt16LE(34)).toBe(16);
      expect(wav.length).toBeGreaterThan(8000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 20_000);
});
