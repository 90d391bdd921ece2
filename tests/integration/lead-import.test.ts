import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportProgress, LeadImportResult, LeadView } from '../../cti-bridge/protocol/campaign.schema';
import { leads } from '../../db/schema';
import { knownCustomer } from '../support/known-customer';
import { startTestRingside, type TestRingside } from '../support/test-ringside';

let t: TestRingside;
let admin: string;
let campaignId: number;

beforeAll(async () => {
  t = await startTestRingside();
  admin = await t.login('admin');
  const created = await t.api<{ id: number }>('POST', '/api/campaigns', admin, {
    name: 'Import test',
    mode: 'preview',
    callingWindow: { from: '08:00', to: '21:00' },
    rules: 'US',
    maxAttempts: 3,
  });
  campaignId = created.body.id;
});
afterAll(() => t.stop());

async function upload<T>(path: string, body: string, token = admin, type = 'text/csv') {
  const response = await fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': type, authorization: `Bearer ${token}` },
    body,
  });
  return { status: response.status, body: (await response.json()) as T };
}

function leadFile(customerPhone: string): string {
  return [
    '\uFEFFPhone,First_Name,Last Name,Company,TimeZone,Notes,Plan', // line 1
    '(212) 555-0101,Ann,Lee,"Acme, Inc.",,hello,gold', // 2
    '+86 138 1234 5678,伟,张,北京公司,,"first line', // 3 (a quoted newline: the record ends on line 4)
    'second line",silver', // 4
    'not-a-number,Bad,Row,,,,', // 5 PHONE_INVALID
    ',Empty,Phone,,,,', // 6 PHONE_MISSING
    '212-555-0101,Dup,Row,,,,', // 7 duplicate of line 2
    '+12125550102,Zone,Bad,,Mars/Base,,', // 8 TIME_ZONE_INVALID
    '+12125550103,Zone,Given,,America/Chicago,,', // 9
    `${customerPhone},Known,Customer,,,,`, // 10 linked to the customer
  ].join('\r\n');
}

describe('CSV lead import', () => {
  it('imports good rows and reports bad and duplicate ones with their file line, streaming progress', async () => {
    const known = knownCustomer(t.ringside.db);
    const socket = await t.connect(admin);
    const progress: ImportProgress[] = [];
    socket.on('campaign:import-progressed', (p) => progress.push(p));
    const { status, body } = await upload<LeadImportResult>(
      `/api/campaigns/${campaignId}/leads/import`,
      leadFile(known.otherFormat),
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ rows: 8, imported: 4, linkedCustomers: 1, unchanged: false });
    expect(body.duplicates).toEqual([{ line: 7, duplicateOf: 2 }]);
    expect(body.rejected.map(({ line, code }) => ({ line, code }))).toEqual([
      { line: 5, code: 'PHONE_INVALID' },
      { line: 6, code: 'PHONE_MISSING' },
      { line: 8, code: 'TIME_ZONE_INVALID' },
    ]);
    const rows = t.ringside.db.select().from(leads).where(eq(leads.campaignId, campaignId)).all();
    const byLine = new Map(rows.map((row) => [row.importLine, row]));
    expect(byLine.get(2)).toMatchObject({
      e164: '+12125550101',
      timeZones: 'America/New_York',
      timeZoneSource: 'number',
    });
    expect(byLine.get(2)?.fields).toEqual({
      first_name: 'Ann',
      last_name: 'Lee',
      company: 'Acme, Inc.',
      notes: 'hello',
      plan: 'gold',
    });
    expect(byLine.get(3)).toMatchObject({ e164: '+8613812345678', timeZones: 'Asia/Shanghai' });
    expect(byLine.get(3)?.fields).toMatchObject({
      first_name: '伟',
      last_name: '张',
      company: '北京公司',
      notes: 'first line\nsecond line',
    });
    expect(byLine.get(9)).toMatchObject({ timeZones: 'America/Chicago', timeZoneSource: 'lead' });
    expect(byLine.get(10)?.customerId).toBe(known.customerId);
    await expect.poll(() => progress.some((p) => p.done && p.kind === 'leads' && p.rows === 8)).toBe(true);
  });

  it('re-importing the same file changes nothing and says so', async () => {
    const before = t.ringside.db.select().from(leads).where(eq(leads.campaignId, campaignId)).all();
    const known = knownCustomer(t.ringside.db);
    const { body } = await upload<LeadImportResult>(
      `/api/campaigns/${campaignId}/leads/import`,
      leadFile(known.otherFormat),
    );
    expect(body).toMatchObject({ rows: 8, imported: 0, unchanged: true, importId: null });
    expect(body.duplicates).toHaveLength(5);
    expect(body.duplicates).toContainEqual({ line: 7, duplicateOf: 2 });
    expect(body.duplicates.filter((d) => String(d.duplicateOf).startsWith('lead:'))).toHaveLength(4);
    const after = t.ringside.db.select().from(leads).where(eq(leads.campaignId, campaignId)).all();
    expect(after).toEqual(before);
  });

  it('reads LF files, maps other header names, keeps unknown columns as fields', async () => {
    const other = await t.api<{ id: number }>('POST', '/api/campaigns', admin, {
      name: 'Mapped',
      mode: 'progressive',
      callingWindow: { from: '09:00', to: '17:00' },
      rules: 'none',
      maxAttempts: 2,
    });
    const mapping = encodeURIComponent(JSON.stringify({ Mobile: 'phone', Vorname: 'first_name' }));
    const file = 'MOBILE,vorname,Shoe Size\n+442079460000,Emma,38\n';
    const { status, body } = await upload<LeadImportResult>(
      `/api/campaigns/${other.body.id}/leads/import?mapping=${mapping}`,
      file,
    );
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.imported).toBe(1);
    const page = await t.api<{ leads: LeadView[] }>('GET', `/api/campaigns/${other.body.id}/leads`, admin);
    expect(page.body.leads[0]).toMatchObject({
      e164: '+442079460000',
      fields: { first_name: 'Emma', shoe_size: '38' },
    });
    expect(page.body.leads[0]?.timeZones).toContain('Europe/London');
  });

  it('refuses a file without a phone column, a JSON body, and agents', async () => {
    const noPhone = await upload<{ error: { code: string } }>(
      `/api/campaigns/${campaignId}/leads/import`,
      'name,email\nAnn,a@b.c\n',
    );
    expect(noPhone).toMatchObject({ status: 400, body: { error: { code: 'CSV_PHONE_COLUMN_MISSING' } } });
    const json = await t.api<{ error: { code: string } }>(
      'POST',
      `/api/campaigns/${campaignId}/leads/import`,
      admin,
      { phone: '1' },
    );
    expect(json.status).toBe(400);
    const agent = await t.login('agent1');
    expect(
      (await upload(`/api/campaigns/${campaignId}/leads/import`, 'phone\n+12125550199\n', agent)).status,
    ).toBe(403);
    expect((await upload('/api/campaigns/9999/leads/import', 'phone\n+12125550199\n')).status).toBe(404);
  });

  it('summarises the leads by status with the imports', async () => {
    const summary = await t.api<{
      total: number;
      byStatus: Record<string, number>;
      linkedCustomers: number;
      imports: unknown[];
    }>('GET', `/api/campaigns/${campaignId}/leads/summary`, admin);
    expect(summary.body).toMatchObject({ total: 4, byStatus: { new: 4 }, linkedCustomers: 1 });
    expect(summary.body.imports).toHaveLength(1);
  });
});
