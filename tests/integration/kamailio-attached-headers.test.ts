/**
 * Data attached upstream through real SIP: SIPp, as a carrier or IVR would, puts headers on its INVITE; Kamailio
 * (kamailio/pbx.sh on free ports) passes the configured ones to the bridge over evapi; the bridge's routing rules
 * read them, choose the queue by the IVR's business type, show the rest in the pop, and record what was dropped.
 */
import { join, resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interactions } from '../../db/schema';
import {
  logKamailioOnFailure,
  startTelephony,
  type KamailioBridge,
  type RunningKamailio,
} from '../support/kamailio';
import type { TestPhone } from '../support/kamailio-phone';
import { sipAgent } from '../support/sip-agent';
import { sippPorts, startSipp } from '../support/sipp';
import { next } from '../support/test-ringside';
import { until } from '../support/until';

let t: KamailioBridge;
let kam: RunningKamailio;
const phones: TestPhone[] = [];

beforeAll(async () => {
  ({ t, kam } = await startTelephony({
    pstnGateway: 'sip:127.0.0.2:5190',
    agents: 20,
    // Kamailio passes a header the rules do not configure too: the bridge, not the edge, decides what it reads
    attachedHeaders:
      'X-Ringside-Business-Type,X-Ringside-Account,X-Ringside-Language,User-to-User,X-Ringside-Junk',
  }));
}, 60_000);

logKamailioOnFailure(() => kam);

afterAll(async () => {
  for (const phone of phones) await phone.stop();
  await kam?.stop();
  await t?.stop();
});

describe('attached SIP headers through Kamailio', () => {
  it("the IVR's business type header chooses the queue; language and UUI reach the pop; bad ones are dropped", async () => {
    // agent3 takes complaints and billing, not sales: only the header can bring a sales-line call to them
    const agent3 = await sipAgent(t, phones, 'agent3');
    const offered = next(agent3.socket, 'call:offered', () => true, 15_000);
    const ended = next(agent3.socket, 'call:ended', () => true, 25_000);
    ended.catch(() => undefined);
    const ports = await sippPorts();
    const sipp = startSipp(
      [
        `127.0.0.1:${kam.sipPort}`,
        ...['-sf', resolve(import.meta.dirname, '../fixtures/sipp/uac-attached-headers.xml')],
        ...['-s', '+18005550100', '-key', 'caller', '2125550161'],
        ...['-key', 'btype', 'billing', '-key', 'lang', 'zh-CN', '-key', 'uui', '04a1b2c3;encoding=hex'],
        // longer than Kamailio forwards (1,024): cut at the edge, then too long for the field
        ...['-key', 'account', '7'.repeat(1500), '-key', 'junk', 'anything', '-key', 'big', 'x'.repeat(1500)],
        ...['-m', '1', '-d', '500'],
        ...['-i', '127.0.0.1', '-p', String(ports.signalling), '-mp', String(ports.media)],
        ...['-nostdin', '-timeout', '30s', '-timeout_error'],
      ],
      { cwd: t.dataDir, errorFile: join(t.dataDir, 'attached.errors'), patienceMs: 40_000 },
    );
    const sippGaveUp = sipp.exited.then((code) => {
      throw new Error(`SIPp exited (${code}) before the call was offered:\n${sipp.errors()}`);
    });
    const offer = await Promise.race([offered, sippGaveUp]);
    expect(offer.serviceNumber).toBe('+18005550100');
    expect(offer.businessType.code).toBe('billing');
    expect(offer.queue.code).toBe('billing');
    expect(offer.attached).toEqual([
      { key: 'language', label: 'Language', labelZh: '语言', value: 'zh-CN' },
      { key: 'uui', label: 'User-to-user data', labelZh: '用户间信息', value: '04a1b2c3;encoding=hex' },
    ]);
    const row = () =>
      t.ringside.db.select().from(interactions).where(eq(interactions.id, offer.interactionId)).get();
    expect(row()).toMatchObject({
      ruleSetVersion: 0,
      ruleId: 'ivr-billing',
      attachedData: { businessType: 'billing', language: 'zh-CN', uui: '04a1b2c3;encoding=hex' },
    });
    expect(row()?.attachedDropped).toEqual(
      expect.arrayContaining([
        { header: 'X-Ringside-Account', reason: 'too-long' },
        { header: 'X-Ringside-Junk', reason: 'not-configured' },
      ]),
    );
    // X-Ringside-Big is not in Kamailio's list: it never reached the bridge
    expect(JSON.stringify(row()?.attachedDropped)).not.toContain('Big');
    await ended;
    expect(await sipp.exited, sipp.errors()).toBe(0);
    await until(() => row()?.endedAt !== null, 10_000, 'the call ended');
  });
});
