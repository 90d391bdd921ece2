/**
 * Data attached upstream through real SIP: SIPp, as a carrier or IVR would, puts headers on its INVITE; Kamailio
 * (kamailio/pbx.sh on free ports) passes the configured ones to the bridge over evapi; the bridge's routing rules
 * read them, choose the queue by the IVR's business type, show the rest in the pop, and record what was dropped.
 */
import { join, resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interactions } from '../../db/schema';
import type { RuleSetVersion } from '../../cti-bridge/protocol/routing-rules.schema';
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
    // Kamailio is configured with a header the rules do not read: the bridge tells it the rules' list at once
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

/** One SIPp call to the sales line with these attached values (`-key` name → value); resolves with SIPp. */
async function attachedCall(name: string, keys: Record<string, string>) {
  const ports = await sippPorts();
  return startSipp(
    [
      `127.0.0.1:${kam.sipPort}`,
      ...['-sf', resolve(import.meta.dirname, '../fixtures/sipp/uac-attached-headers.xml')],
      ...['-s', '+18005550100', '-key', 'caller', '2125550161'],
      ...Object.entries(keys).flatMap(([key, value]) => ['-key', key, value]),
      ...['-m', '1', '-d', '500'],
      ...['-i', '127.0.0.1', '-p', String(ports.signalling), '-mp', String(ports.media)],
      ...['-nostdin', '-timeout', '30s', '-timeout_error'],
    ],
    { cwd: t.dataDir, errorFile: join(t.dataDir, `${name}.errors`), patienceMs: 40_000 },
  );
}

describe('attached SIP headers through Kamailio', () => {
  it("the IVR's business type header chooses the queue; language and UUI reach the pop; bad ones are dropped", async () => {
    // agent3 takes complaints and billing, not sales: only the header can bring a sales-line call to them
    // the bridge told Kamailio, as it connected, which headers its rules read
    await until(() => /attached headers now \[/.test(kam.log()), 10_000, "Kamailio took the rules' list");
    const agent3 = await sipAgent(t, phones, 'agent3');
    const offered = next(agent3.socket, 'call:offered', () => true, 15_000);
    const ended = next(agent3.socket, 'call:ended', () => true, 25_000);
    ended.catch(() => undefined);
    const sipp = await attachedCall('attached', {
      ...{ btype: 'billing', lang: 'zh-CN', uui: '04a1b2c3;encoding=hex' },
      // longer than Kamailio forwards (1,024): cut at the edge, then too long for the field
      ...{ account: '7'.repeat(1500), junk: 'anything', big: 'x'.repeat(1500) },
    });
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
    expect(row()?.attachedDropped).toEqual([{ header: 'X-Ringside-Account', reason: 'too-long' }]);
    // X-Ringside-Big is in no list, and X-Ringside-Junk only in Kamailio's configured one: the bridge told
    // Kamailio the headers its rules read, so neither reached it
    await ended;
    expect(await sipp.exited, sipp.errors()).toBe(0);
    await until(() => row()?.endedAt !== null, 10_000, 'the call ended');
  });

  it('an admin adds a header to the rules: Kamailio passes it from the next call, no restart; the pop shows it', async () => {
    const admin = await t.login('admin');
    const draft = await t.api<RuleSetVersion>('GET', '/api/routing-rules/draft', admin);
    const document = structuredClone(draft.body.document);
    const segment = {
      header: 'X-Ringside-Junk',
      key: 'segment',
      label: 'Segment',
      labelZh: '客户分群',
      maxLength: 12,
      charset: 'token' as const,
      pattern: 'gold|silver',
      showInPop: true,
    };
    document.attachedFields.push(segment);
    expect((await t.api('POST', '/api/routing-rules/draft', admin, { document })).status).toBe(200);
    const published = await t.api('POST', '/api/routing-rules/publish', admin, {
      note: 'segments from the IVR',
    });
    expect(published.status).toBe(201);
    await until(
      () => /attached headers now \[[^\]]*X-Ringside-Junk/.test(kam.log()),
      10_000,
      'Kamailio took the new header list',
    );

    // agent4 takes sales: the call goes by the service number, carrying the new header
    const agent4 = await sipAgent(t, phones, 'agent4');
    const offered = next(agent4.socket, 'call:offered', () => true, 15_000);
    const ended = next(agent4.socket, 'call:ended', () => true, 25_000);
    ended.catch(() => undefined);
    const sipp = await attachedCall('segment', {
      ...{ btype: 'sales', lang: 'en', uui: '0a', account: '12345', junk: 'gold', big: 'x' },
    });
    const sippGaveUp = sipp.exited.then((code) => {
      throw new Error(`SIPp exited (${code}) before the call was offered:\n${sipp.errors()}`);
    });
    const offer = await Promise.race([offered, sippGaveUp]);
    expect(offer.attached).toContainEqual({
      key: 'segment',
      label: 'Segment',
      labelZh: '客户分群',
      value: 'gold',
    });
    const row = t.ringside.db
      .select()
      .from(interactions)
      .where(eq(interactions.id, offer.interactionId))
      .get();
    expect(row?.attachedData).toMatchObject({ segment: 'gold', account: '12345' });
    await ended;
    expect(await sipp.exited, sipp.errors()).toBe(0);
  });
});
