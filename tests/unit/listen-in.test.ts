/**
 * Listening in through rtpengine, the parts without a network: the subscription offer made browser-ready, the
 * commands the media fork sends (against a recording ng client), and the relay of a supervisor's voice leg.
 */
import { describe, expect, it } from 'vitest';
import { browserReadyOffer, RtpengineListenIn } from '../../cti-bridge/src/pbx/kamailio/listen-in';
import type { NgCommand, NgReply, RtpengineNg } from '../../cti-bridge/src/pbx/kamailio/rtpengine-ng';
import { createTalkRelay } from '../../cti-bridge/src/services/supervision/talk-relay';

const OFFER = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'm=audio 30000 UDP/TLS/RTP/SAVPF 0',
  'a=mid:1',
  'a=sendonly',
  'm=audio 30002 UDP/TLS/RTP/SAVPF 0',
  'a=mid:1',
  'a=sendonly',
  '',
].join('\r\n');

describe('the subscription offer, as a browser takes it', () => {
  it('renumbers the mids 0..n-1 and declares rtpengine ice-lite right after t=', () => {
    const ready = browserReadyOffer(OFFER);
    expect(ready.match(/^a=mid:.*$/gm)).toEqual(['a=mid:0', 'a=mid:1']);
    expect(ready).toContain('t=0 0\r\na=ice-lite\r\nm=audio');
    expect(browserReadyOffer(ready)).toBe(ready);
  });
});

function recordingNg(replies: Record<string, NgReply>) {
  const sent: NgCommand[] = [];
  const ng = {
    command: (command: NgCommand) => {
      sent.push(command);
      return Promise.resolve(replies[command.command] ?? { result: 'ok' });
    },
  } as unknown as RtpengineNg;
  return { ng, sent };
}

describe('the rtpengine media fork', () => {
  it("subscribes to the call's parties (not to other listeners), answers, unsubscribes and deletes at the end", async () => {
    const { ng, sent } = recordingNg({
      query: { result: 'ok', tags: { caller: {}, agent: {} } },
      'subscribe request': { result: 'ok', sdp: OFFER, 'to-tag': 'sub-1' },
    });
    const fork = new RtpengineListenIn(ng);
    const first = await fork.subscribe('call-1');
    expect(first.handle).toBe('sub-1');
    expect(first.offer).toContain('a=ice-lite');
    const request = sent.find((c) => c.command === 'subscribe request');
    expect(request).toMatchObject({
      'call-id': 'call-1',
      'from-tags': ['caller', 'agent'],
      'transport-protocol': 'UDP/TLS/RTP/SAVPF',
      ICE: 'force',
      DTLS: 'passive',
    });
    // a second supervisor: the first one's subscription is no party of the call
    sent.length = 0;
    const again = recordingNg({
      query: { result: 'ok', tags: { caller: {}, agent: {}, 'sub-1': {} } },
      'subscribe request': { result: 'ok', sdp: OFFER, 'to-tag': 'sub-2' },
    });
    Object.assign(ng, { command: again.ng.command });
    await fork.subscribe('call-1');
    expect(again.sent.find((c) => c.command === 'subscribe request')?.['from-tags']).toEqual([
      'caller',
      'agent',
    ]);

    await fork.answer('call-1', 'sub-2', 'v=0');
    expect(again.sent.at(-1)).toMatchObject({ command: 'subscribe answer', 'to-tag': 'sub-2', sdp: 'v=0' });
    await fork.unsubscribe('call-1', 'sub-2', false);
    expect(again.sent.at(-1)).toMatchObject({ command: 'unsubscribe', 'to-tag': 'sub-2' });
    await fork.unsubscribe('call-1', 'sub-1', true);
    expect(again.sent.slice(-2).map((c) => c.command)).toEqual(['unsubscribe', 'delete']);
    expect(again.sent.at(-1)).toMatchObject({ 'call-id': 'call-1', 'delete-delay': 0 });
    // a second listener of the ended call: nothing more to delete
    const count = again.sent.length;
    await fork.unsubscribe('call-1', 'sub-3', true);
    expect(again.sent).toHaveLength(count);
  });

  it('a call with its own media session (server-placed: known tags) is subscribed, answered and ended on it, after the mapping is gone too', async () => {
    const { ng, sent } = recordingNg({
      'subscribe request': { result: 'ok', sdp: OFFER, 'to-tag': 'sub-1' },
      delete: { result: 'error', 'error-reason': 'Unknown call-id' },
    });
    const live = new Map([['bridge-7', { callId: 'sip-abc', tags: ['customer-tag', 'agent-tag'] }]]);
    const fork = new RtpengineListenIn(ng, (callId) => live.get(callId) ?? { callId });
    await fork.subscribe('bridge-7');
    // the parties' tags as the bridge knows them: no query
    expect(sent.map((c) => c.command)).toEqual(['subscribe request']);
    expect(sent[0]).toMatchObject({ 'call-id': 'sip-abc', 'from-tags': ['customer-tag', 'agent-tag'] });
    await fork.answer('bridge-7', 'sub-1', 'v=0');
    expect(sent.at(-1)).toMatchObject({ command: 'subscribe answer', 'call-id': 'sip-abc' });
    // the call ended (its media already freed by the dialer): the same session, and its absence is no failure
    live.clear();
    await fork.unsubscribe('bridge-7', 'sub-1', true);
    expect(sent.slice(-2)).toMatchObject([
      { command: 'unsubscribe', 'call-id': 'sip-abc' },
      { command: 'delete', 'call-id': 'sip-abc' },
    ]);
  });
});

describe("the supervisor's voice leg relay", () => {
  const session = { monitorId: 'm1', agentId: 7, callId: 'c1', mode: 'whisper' as const };

  it("hands the offer to the agent's page and its answer back; modes and the end follow", async () => {
    const told: unknown[] = [];
    const relay = createTalkRelay({
      channel: {
        emit: (agentId: number, event: string, fact: unknown) => told.push({ agentId, event, fact }),
      },
    } as never);
    const answered = relay.offer(session, 'offer-sdp');
    expect(told.at(-1)).toEqual({
      agentId: 7,
      event: 'agent:monitor-talk',
      fact: { monitorId: 'm1', callId: 'c1', mode: 'whisper', offer: 'offer-sdp' },
    });
    expect(relay.answer(8, 'm1', 'not-yours').ok).toBe(false);
    expect(relay.answer(7, 'm1', 'answer-sdp').ok).toBe(true);
    expect(await answered).toEqual({ ok: true, data: { sdp: 'answer-sdp' } });
    relay.mode('m1', 'barge');
    expect(told.at(-1)).toMatchObject({ fact: { mode: 'barge', offer: null } });
    relay.end('m1');
    expect(told.at(-1)).toMatchObject({ fact: { mode: null, offer: null } });
  });

  it("fails the supervisor's offer when the agent's page does not answer", async () => {
    const relay = createTalkRelay({ channel: { emit: () => undefined } as never, timeoutMs: 20 });
    const res = await relay.offer(session, 'offer-sdp');
    expect(res.ok).toBe(false);
  });
});
