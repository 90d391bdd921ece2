/**
 * Server-placed calls over an early-offer trunk (`trunkOffer: 'early'`): the dialer's INVITE carries rtpengine's
 * plain offer, SIPp as the carrier answers it (in the 200 OK, or early in a 183 with SDP — unreliable, or reliable
 * (100rel) and PRACKed — and again in the 200 OK), and two auto-answering sip.js agents in Chromium take the
 * customers with WebRTC media through rtpengine. A campaign's own abandon message (its text spoken by espeak-ng,
 * or the generated chime) is what rtpengine plays to a customer nobody takes.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureDefaultAbandonMessage } from '../../cti-bridge/src/pbx/kamailio/abandon-message';
import { CampaignMessages, messageFileName } from '../../cti-bridge/src/pbx/kamailio/campaign-messages';
import { abandonRecordingPath } from '../../cti-bridge/src/repositories/abandon-recordings.store';
import {
  abandonMessageChooser,
  abandonRecordingsDir,
  convertForTelephone,
} from '../../cti-bridge/src/services/outbound/abandon-recordings.service';
import type { OriginateRequest, PbxEvents } from '../../cti-bridge/src/pbx/pbx-adapter';
import { startServerCallLab, type ServerCallLab } from '../support/carrier-lab';
import { carrierMessages as messagesIn, rtpengineCounts as countsOf } from '../support/carrier-probes';
import { logKamailioOnFailure } from '../support/kamailio';
import { until } from '../support/until';
import { wavFile } from '../support/wav';

const DOMAIN = 'ringside.local';
const SCENARIO = resolve(import.meta.dirname, '../fixtures/sipp/uas-carrier-early-offer.xml');
const DIALER = { username: 'ringside-dialer', password: 'dialer-secret-for-early', domain: DOMAIN };
const AGENTS = ['agent-a', 'agent-b'];
/** Nobody of this campaign is ever free: its answered customers hear its message. */
const LONELY_CAMPAIGN = 42;
const LONELY_TEXT = 'Acme calling. Please call us back.';
/** A campaign with an uploaded recording (and a text, which the recording overrides). */
const RECORDED_CAMPAIGN = 43;

let lab: ServerCallLab | undefined;
let dataDir = '';
let messages: CampaignMessages;
const progress = new Map<string, string[]>();
const busy = new Map<number, string>();

const outcomeOf = (callId: string) => progress.get(callId)?.find((p) => p !== 'ringing');
const free = (callId: string) => {
  for (const [agentId, id] of busy) if (id === callId) busy.delete(agentId);
};

const events: PbxEvents = {
  inboundCall: () => undefined,
  transferredCall: () => undefined,
  callerHungUp: free,
  agentHungUp: free,
  answered: () => undefined,
  callInProgress: () => undefined,
  ringFailed: () => undefined,
  phoneBusy: () => undefined,
  phoneFree: () => undefined,
  dialRequested: (request) => ({ allowed: true, e164: request.to }),
  outboundProgress: (callId, what) => {
    progress.set(callId, [...(progress.get(callId) ?? []), what]);
    if (what !== 'ringing' && what !== 'answered') free(callId);
  },
  agentForAnswered: (callId, campaignId, tried) => {
    if (campaignId === LONELY_CAMPAIGN || campaignId === RECORDED_CAMPAIGN) return null;
    const agentId = [1, 2].find((id) => !busy.has(id) && !tried.includes(id));
    if (agentId === undefined) return null;
    busy.set(agentId, callId);
    return agentId;
  },
};

const place = (to: string, overrides: Partial<OriginateRequest> = {}): string =>
  lab?.place(to, overrides) ?? '';
const carrierMessages = () => (lab ? messagesIn(lab.dataDir) : []);
const whoHas = (callId: string) => lab?.whoHas(callId) ?? Promise.resolve(undefined);
const rtpengineCounts = (callId: string) =>
  lab ? countsOf(lab.pbx, lab.ng, callId) : Promise.resolve({ customer: 0, agent: 0 });
const logLines = () => lab?.logLines ?? [];

/** Audio both ways: the agent's browser receives the customer's and rtpengine relays packets from both sides. */
async function expectTalking(callId: string): Promise<Page> {
  const page = await whoHas(callId);
  if (!page) throw new Error(`no agent took ${callId}`);
  await expect
    .poll(async () => (await page.evaluate((id) => window.agent.packets(id), callId)).received, {
      timeout: 15_000,
    })
    .toBeGreaterThan(20);
  await expect
    .poll(async () => (await rtpengineCounts(callId)).agent, { timeout: 15_000 })
    .toBeGreaterThan(20);
  expect((await rtpengineCounts(callId)).customer).toBeGreaterThan(20);
  return page;
}

async function hangUp(page: Page, callId: string): Promise<void> {
  await page.evaluate((id) => window.agent.hangUp(id), callId);
  await until(() => !lab?.pbx?.serverCallMedia(callId), 10_000, `${callId} ended`);
}

logKamailioOnFailure(() => lab?.kam);
afterEach((context) => {
  if (context.task.result?.state !== 'fail') return;
  console.error('progress', JSON.stringify([...progress]));
  lab?.report();
});

beforeAll(async () => {
  lab = await startServerCallLab({
    name: 'ringside-early-offer-',
    scenario: SCENARIO,
    dialer: DIALER,
    agents: AGENTS,
    events,
    dialerOptions: (dir, log) => {
      const defaultFile = ensureDefaultAbandonMessage(join(dir, 'messages', 'abandon.wav'));
      messages = new CampaignMessages({ dir: join(dir, 'messages'), defaultFile, log });
      return {
        // as the bridge composes it (main.ts): a campaign's uploaded recording first, else its text spoken
        messageFile: abandonMessageChooser(abandonRecordingsDir(dir), (text) => messages.fileFor(text)),
        prepareMessage: (_campaignId, text) => void messages.prepare(text),
        trunkOffer: 'early',
        // a loaded 2-core CI box can take longer than the law's 2 s to get a browser to answer
        connectWindowMs: 5000,
      };
    },
    calls: { callPrefix: 'early', attemptBase: 2000, leadBase: 200, ringTimeoutMs: 30_000 },
  });
  dataDir = lab.dataDir;
}, 90_000);

afterAll(async () => {
  await lab?.stop();
});

describe('server-placed calls over an early-offer trunk', () => {
  it("offers rtpengine's plain SDP in the INVITE; answered customers (200 OK, or 183 early media then a 200 OK with another SDP) talk both ways with the agents", async () => {
    const plain = place('+15550100211');
    const early = place('+15550100222');

    // the 183's early answer is given to rtpengine at once: the customer's early media reaches it while ringing
    await until(() => progress.get(early)?.[0] === 'ringing', 15_000, 'the 183 mapped to ringing');
    await expect
      .poll(async () => outcomeOf(early) !== undefined || (await rtpengineCounts(early)).customer > 0, {
        timeout: 15_000,
      })
      .toBe(true);
    expect(outcomeOf(early)).toBeUndefined();

    await until(
      () => outcomeOf(plain) === 'answered' && outcomeOf(early) === 'answered',
      25_000,
      'both customers connected',
    );
    expect(progress.get(plain)).toEqual(['ringing', 'answered']);
    expect(progress.get(early)).toEqual(['ringing', 'answered']);
    const pages = [await expectTalking(plain), await expectTalking(early)];
    expect(new Set(pages).size).toBe(2);

    // what the carrier got: INVITEs with a plain, carrier-clean offer; ACKs without SDP (the 200 OK answered it)
    const sent = carrierMessages();
    const invites = sent.filter((m) => /^INVITE sip:/m.test(m));
    // (a retransmitted INVITE is the same call)
    expect(new Set(invites.map((m) => /^Call-ID: (.*)$/im.exec(m)?.[1])).size).toBe(2);
    for (const invite of invites) {
      expect(invite).toMatch(/^Content-Type: application\/sdp/im);
      expect(invite).toMatch(/^m=audio \d+ RTP\/AVP 8 0 101/m);
      expect(invite).not.toMatch(/^a=(msid|ssrc|fingerprint|ice-ufrag|candidate|extmap|setup|mid|rtcp-mux)/m);
    }
    const acks = sent.filter((m) => /^ACK sip:/m.test(m));
    expect(acks.length).toBeGreaterThanOrEqual(2);
    for (const ack of acks) expect(ack).not.toMatch(/m=audio/);

    await hangUp(pages[0] as Page, plain);
    await hangUp(pages[1] as Page, early);
  }, 60_000);

  it('a 183 with SDP and a 200 OK with the same SDP: connected once, audio both ways', async () => {
    const same = place('+15550100233');
    await until(() => outcomeOf(same) === 'answered', 20_000, 'the customer connected');
    expect(progress.get(same)).toEqual(['ringing', 'answered']);
    const page = await expectTalking(same);
    await hangUp(page, same);
  }, 40_000);

  it('a reliable 183 (100rel) with the answer: PRACKed without SDP, early media while ringing, answered once at the 200 OK, audio both ways', async () => {
    const reliable = place('+15550100264');
    const sipCallId = lab?.pbx?.serverCallMedia(reliable)?.callId ?? '';
    await until(
      () => progress.get(reliable)?.[0] === 'ringing',
      15_000,
      'the reliable 183 mapped to ringing',
    );
    await expect
      .poll(async () => outcomeOf(reliable) !== undefined || (await rtpengineCounts(reliable)).customer > 0, {
        timeout: 15_000,
      })
      .toBe(true);
    expect(outcomeOf(reliable)).toBeUndefined();
    await until(() => outcomeOf(reliable) === 'answered', 20_000, 'the customer connected');
    const page = await expectTalking(reliable);
    // what the carrier got: an INVITE with the offer that supports 100rel, a PRACK without SDP (the 183 carried
    // the answer), an ACK without SDP
    const got = carrierMessages().filter(
      (m) => /message received/i.test(m) && m.includes(`Call-ID: ${sipCallId}`),
    );
    const [invite] = got.filter((m) => /^INVITE sip:/m.test(m));
    expect(invite).toMatch(/^Supported:.*\b100rel\b/im);
    const pracks = got.filter((m) => /^PRACK sip:/m.test(m));
    expect(pracks.length).toBeGreaterThanOrEqual(1);
    expect(pracks[0]).toMatch(/^RAck: 1 \d+ INVITE/im);
    for (const prack of pracks) expect(prack).not.toMatch(/m=audio/);
    await hangUp(page, reliable);
    expect(progress.get(reliable)).toEqual(['ringing', 'answered']);
  }, 40_000);

  it("an answered customer nobody takes hears the campaign's own message (its text spoken), then is hung up as abandoned", async () => {
    await messages.prepare(LONELY_TEXT);
    const wav = readFileSync(join(dataDir, 'messages', messageFileName(LONELY_TEXT)));
    const wavMs = (wav.readUInt32LE(40) / 16_000) * 1000;
    const lonely = place('+15550100241', { campaignId: LONELY_CAMPAIGN, abandonMessage: LONELY_TEXT });
    const sipCallId = lab?.pbx?.serverCallMedia(lonely)?.callId;
    await until(() => outcomeOf(lonely) === 'abandoned', 20_000, 'the customer abandoned');
    await until(
      () => logLines().some((l) => l.message === 'dialer: message played' && l.fields['callId'] === lonely),
      10_000,
      'the message played',
    );
    const played = logLines().find(
      (l) => l.message === 'dialer: message played' && l.fields['callId'] === lonely,
    );
    // rtpengine played that campaign's file: its name and the duration rtpengine reports for it
    expect(played?.fields['file']).toBe(messageFileName(LONELY_TEXT));
    expect(Math.abs(Number(played?.fields['durationMs']) - wavMs)).toBeLessThan(100);
    await until(() => !lab?.pbx?.serverCallMedia(lonely), 30_000, 'the abandoned call hung up');
    await expect
      .poll(
        () => carrierMessages().some((m) => /^BYE sip:/m.test(m) && m.includes(`Call-ID: ${sipCallId}`)),
        {
          timeout: 10_000,
        },
      )
      .toBe(true);
  }, 60_000);

  it('an answered customer nobody takes hears the WAV uploaded for the campaign (not its text), then is hung up as abandoned', async () => {
    // the upload's conversion (44.1 kHz stereo → 8 kHz mono) into the file the upload stores for the campaign
    const sent = join(dataDir, 'uploaded.wav');
    writeFileSync(sent, wavFile({ rate: 44_100, channels: 2, seconds: 3.5, toneHz: 523 }));
    const stored = abandonRecordingPath(abandonRecordingsDir(dataDir), RECORDED_CAMPAIGN);
    mkdirSync(dirname(stored), { recursive: true });
    expect(await convertForTelephone(sent, stored)).toBe('ok');
    const recorded = place('+15550100251', { campaignId: RECORDED_CAMPAIGN, abandonMessage: LONELY_TEXT });
    await until(() => outcomeOf(recorded) === 'abandoned', 20_000, 'the customer abandoned');
    const playedLine = () =>
      logLines().find((l) => l.message === 'dialer: message played' && l.fields['callId'] === recorded);
    await until(() => playedLine() !== undefined, 10_000, 'the message played');
    // rtpengine played the uploaded file and reports its duration: 3.5 s
    expect(playedLine()?.fields['file']).toBe(basename(stored));
    expect(Math.abs(Number(playedLine()?.fields['durationMs']) - 3500)).toBeLessThan(100);
    await until(() => !lab?.pbx?.serverCallMedia(recorded), 30_000, 'the abandoned call hung up');
  }, 60_000);
});
