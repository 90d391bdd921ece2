import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComplianceCheckResponse, ScrubReport } from '../../cti-bridge/protocol/compliance.schema';
import type { DncImportResult } from '../../cti-bridge/protocol/dnc.schema';
import { auditLog } from '../../db/schema';
import { startTestRingside, type TestRingside } from '../support/test-ringside';

let t: TestRingside;
let admin: string;
let supervisor: string;
let agent: string;
let campaignId: number;

async function upload<T>(path: string, body: string, type = 'text/plain') {
  const response = await fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': type, authorization: `Bearer ${admin}` },
    body,
  });
  return { status: response.status, body: (await response.json()) as T };
}

const check = (body: Record<string, unknown>, token = supervisor) =>
  t.api<ComplianceCheckResponse>('POST', '/api/compliance/check', token, body);

beforeAll(async () => {
  t = await startTestRingside();
  [admin, supervisor, agent] = await Promise.all([
    t.login('admin'),
    t.login('supervisor'),
    t.login('agent1'),
  ]);
  const created = await t.api<{ id: number }>('POST', '/api/campaigns', admin, {
    name: 'Gate',
    mode: 'progressive',
    callingWindow: { from: '09:00', to: '20:00' },
    rules: 'US',
    maxAttempts: 3,
  });
  campaignId = created.body.id;
  await t.api('POST', `/api/campaigns/${campaignId}/start`, admin);
  await upload(
    `/api/campaigns/${campaignId}/leads/import`,
    'phone,first_name\n+12125550141,A\n+12125550142,B\n+13105550143,C\n',
    'text/csv',
  );
});
afterAll(() => t.stop());

describe('DNC lists', () => {
  it('adds with a reason, says why a number is blocked, removes with a reason; all audited with who', async () => {
    const added = await t.api<{ e164: string; added: boolean }>('POST', '/api/dnc', supervisor, {
      number: '(212) 555-0141',
      reason: 'asked on the phone',
    });
    expect(added).toMatchObject({ status: 201, body: { e164: '+12125550141', added: true } });
    const again = await t.api<{ added: boolean }>('POST', '/api/dnc', supervisor, {
      number: '+12125550141',
      reason: 'again',
    });
    expect(again.body.added).toBe(false);
    await t.api('POST', '/api/dnc', admin, {
      number: '+12125550141',
      campaignId,
      reason: 'campaign opt-out',
    });
    const search = await t.api<{ listed: boolean; entries: { scope: string; reason: string }[] }>(
      'GET',
      '/api/dnc/search?number=2125550141',
      supervisor,
    );
    expect(search.body.listed).toBe(true);
    expect(search.body.entries.map((e) => [e.scope, e.reason])).toEqual([
      ['campaign', 'campaign opt-out'],
      ['global', 'asked on the phone'],
    ]);
    expect(
      (
        await t.api(
          'DELETE',
          '/api/dnc?number=%2B12125550141&campaignId=' + campaignId + '&reason=mistake',
          supervisor,
        )
      ).status,
    ).toBe(403);
    const removed = await t.api<{ removed: boolean }>(
      'DELETE',
      `/api/dnc?number=%2B12125550141&campaignId=${campaignId}&reason=mistake`,
      admin,
    );
    expect(removed.body.removed).toBe(true);
    const audit = t.ringside.db.select().from(auditLog).where(like(auditLog.action, 'dnc.%')).all();
    expect(audit.map((row) => [row.action, row.reason])).toEqual([
      ['dnc.add', 'asked on the phone'],
      ['dnc.add', 'campaign opt-out'],
      ['dnc.remove', 'mistake'],
    ]);
    expect(audit.every((row) => row.actorUserId !== null)).toBe(true);
    expect(JSON.stringify(audit)).not.toContain('2125550141');
  });

  it('imports one number a line or a CSV with a phone column, reporting bad lines', async () => {
    const lines = await upload<DncImportResult>(
      '/api/dnc/import',
      '+12125550150\n212-555-0151\nnot a number\n+12125550150\n',
    );
    expect(lines.body).toEqual({
      added: 2,
      alreadyListed: 1,
      rejected: [{ line: 3, code: 'PHONE_INVALID' }],
    });
    const csv = await upload<DncImportResult>(
      `/api/dnc/import?campaignId=${campaignId}`,
      'name,Phone\nX,+13105550143\nY,\n',
      'text/csv',
    );
    expect(csv.body).toEqual({ added: 1, alreadyListed: 0, rejected: [{ line: 3, code: 'PHONE_MISSING' }] });
  });

  it('imports a registry file that the gate then checks', async () => {
    const registry = await upload<DncImportResult>(
      '/api/dnc/import?registry=us-national',
      '2125550142\n2125550160\n2125550160\n+8613912345678\n',
    );
    expect(registry.body).toEqual({ added: 3, alreadyListed: 1, rejected: [] });
    const search = await t.api<{ entries: { scope: string; source: string }[] }>(
      'GET',
      '/api/dnc/search?number=%2B12125550142',
      admin,
    );
    expect(search.body.entries).toEqual([
      expect.objectContaining({ scope: 'registry', source: 'us-national' }),
    ]);
    const registries = await t.api<{ registries: { name: string; numbers: number }[] }>(
      'GET',
      '/api/dnc/registries',
      admin,
    );
    expect(registries.body.registries).toEqual([
      expect.objectContaining({ name: 'us-national', numbers: 3 }),
    ]);
  });

  it("scrubs the campaign's leads against every list and says why", async () => {
    const { body } = await t.api<ScrubReport>('GET', `/api/campaigns/${campaignId}/scrub`, supervisor);
    expect(body).toMatchObject({
      leads: 3,
      blocked: 3,
      byCode: { DNC_GLOBAL: 1, DNC_REGISTRY: 1, DNC_CAMPAIGN: 1 },
    });
    expect(body.blockedLeads.map((lead) => [lead.e164, lead.codes])).toEqual([
      ['+12125550141', ['DNC_GLOBAL']],
      ['+12125550142', ['DNC_REGISTRY']],
      ['+13105550143', ['DNC_CAMPAIGN']],
    ]);
  });
});

describe('compliance dry run', () => {
  it('gives the decision at an instant with the local time, every reason, and audits it', async () => {
    const early = await check({ number: '+12125550141', campaignId, at: '2026-07-15T12:30:00Z' });
    expect(early.status).toBe(200);
    expect(early.body).toMatchObject({
      allowed: false,
      e164: '+12125550141',
      timeZone: 'America/New_York',
      localTime: '2026-07-15T08:30',
    });
    expect(early.body.reasons.map((r) => r.code)).toEqual(['DNC_GLOBAL', 'OUTSIDE_CALLING_WINDOW']);
    const fine = await check({ number: '+12125550144', campaignId, at: '2026-07-15T14:00:00+00:00' });
    expect(fine.body).toMatchObject({ allowed: true, reasons: [], localTime: '2026-07-15T10:00' });
    const rows = t.ringside.db.select().from(auditLog).where(eq(auditLog.action, 'dial.dry-run')).all();
    expect(rows.map((row) => row.decision)).toEqual(['blocked', 'allowed']);
    expect(rows[0]?.reason).toBe('DNC_GLOBAL,OUTSIDE_CALLING_WINDOW');
    expect(rows[0]?.details).toMatchObject({
      path: 'dry-run',
      campaignId,
      zones: [{ zone: 'America/New_York' }],
    });
  });

  it('refuses agents and bad input with a code', async () => {
    expect((await check({ number: '+12125550141' }, agent)).status).toBe(403);
    const bad = await t.api<{ error: { code: string } }>('POST', '/api/compliance/check', supervisor, {
      number: '+1212',
      at: 'yesterday',
    });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    const invalid = await check({ number: 'call me' });
    expect(invalid.body.reasons.map((r) => r.code)).toEqual(['INVALID_NUMBER']);
  });

  it('a manual dial and a campaign dial of a DNC number take the same gate, refused and audited', () => {
    const manual = t.ringside.compliance.check({
      path: 'manual',
      number: '212 555 0150',
      agentId: 3,
      campaignId: null,
      leadId: null,
      agentReserved: true,
    });
    expect(manual.reasons.map((r) => r.code)).toEqual(['DNC_GLOBAL']);
    const edge = t.ringside.compliance.checkEdgeDial({
      callId: 'c-1',
      agentId: 3,
      to: 'sip:+12125550150@ringside.local',
      at: Date.now(),
    });
    expect(edge).toMatchObject({ allowed: false, code: 'DNC_GLOBAL' });
    const rows = t.ringside.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'dial.check'), eq(auditLog.decision, 'blocked')))
      .all();
    expect(rows.map((row) => [row.subject, row.reason, (row.details as { path: string }).path])).toEqual([
      ['dial:manual', 'DNC_GLOBAL', 'manual'],
      ['call:c-1', 'DNC_GLOBAL', 'edge'],
    ]);
  });

  it("a change to the campaign's window or state decides the very next dial (the gate's campaign cache)", async () => {
    const second = await t.api<{ id: number }>('POST', '/api/campaigns', admin, {
      name: 'Gate cache',
      mode: 'progressive',
      callingWindow: { from: '09:00', to: '20:00' },
      rules: 'US',
      maxAttempts: 3,
    });
    const id = second.body.id;
    const at = '2026-07-15T13:30:00Z'; // 09:30 in New York
    const codes = async () =>
      (await check({ number: '+12125550177', campaignId: id, at })).body.reasons.map((r) => r.code);
    expect(await codes()).toEqual(['CAMPAIGN_NOT_RUNNING']);
    await t.api('POST', `/api/campaigns/${id}/start`, admin);
    expect(await codes()).toEqual([]);
    const patched = await t.api('PATCH', `/api/campaigns/${id}`, admin, {
      callingWindow: { from: '10:00', to: '20:00' },
    });
    expect(patched.status).toBe(200);
    expect(await codes()).toEqual(['OUTSIDE_CALLING_WINDOW']);
    await t.api('POST', `/api/campaigns/${id}/pause`, admin);
    expect(await codes()).toEqual(['CAMPAIGN_NOT_RUNNING', 'OUTSIDE_CALLING_WINDOW']);
  });
});
