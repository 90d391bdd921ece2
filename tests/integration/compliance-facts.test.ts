/**
 * The compliance gate's one-statement read (lead, its attempts, the number's global and campaign lists) on a real
 * SQLite file with the real migrations: the same facts the separate reads gave, in every shape a dial takes. Then
 * the service's audited decision: the read, the decision and its audit row in one write transaction, committed
 * before the decision is returned, and a decision that cannot be recorded never letting a call through.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type RingsideDb } from '../../db/open-database';
import { ensureReferenceData } from '../../db/seed/reference-data';
import { createAuditRepository } from '../../cti-bridge/src/repositories/audit.repository';
import { createCallAttemptsRepository } from '../../cti-bridge/src/repositories/call-attempts.repository';
import { createCampaignsRepository } from '../../cti-bridge/src/repositories/campaigns.repository';
import {
  createComplianceFactsRepository,
  historyOf,
  type ComplianceFactsRepository,
} from '../../cti-bridge/src/repositories/compliance-facts.repository';
import { createDncRepository } from '../../cti-bridge/src/repositories/dnc.repository';
import { createLeadsRepository } from '../../cti-bridge/src/repositories/leads.repository';
import { createRegistryStore } from '../../cti-bridge/src/repositories/dnc-registry.store';
import {
  createComplianceService,
  type ComplianceService,
} from '../../cti-bridge/src/services/compliance/compliance.service';
import { createDncRegistry } from '../../cti-bridge/src/services/compliance/dnc-registry';
import { createCampaignsService } from '../../cti-bridge/src/services/outbound/campaigns.service';

const T0 = Date.parse('2026-07-15T16:00:00Z');
let dir: string;
let db: RingsideDb;
let facts: ComplianceFactsRepository;
let compliance: ComplianceService;
let campaignId: number;
let otherCampaignId: number;
const leadIds: Record<string, number> = {};
const attemptIds: number[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ringside-gate-facts-'));
  db = openDatabase(join(dir, 'ringside.sqlite'));
  ensureReferenceData(db);
  const campaignsService = createCampaignsService({
    now: () => T0,
    campaigns: createCampaignsRepository(db),
    audit: createAuditRepository(db),
  });
  const create = (name: string) => {
    const created = campaignsService.create(
      {
        name,
        businessType: null,
        mode: 'progressive',
        callingWindow: { from: '08:00', to: '21:00' },
        rules: 'UK',
        maxAttempts: 5,
        maxAttemptsPerDay: 3,
        retryDelaysSec: {},
        ringTimeSec: 20,
        callerId: null,
        script: '',
        dispositionCodes: [],
        agentIds: [],
        skill: null,
        abandonTarget: 0.03,
        maxLines: 1,
        abandonMessage: null,
        serverPlaced: false,
      },
      null,
    );
    if (!created.ok) throw new Error(created.error.message);
    return created.data.id;
  };
  campaignId = create('facts');
  otherCampaignId = create('facts other');
  const leads = createLeadsRepository(db);
  leads.insertBatch(
    campaignId,
    null,
    ['+12125550101', '+12125550102', '+442079460000'].map((e164, i) => ({
      e164,
      raw: e164,
      fields: {},
      timeZones: i === 2 ? ['Europe/London'] : [],
      timeZoneSource: 'number' as const,
      priority: 0,
      customerId: null,
      importLine: i + 2,
    })),
    T0,
  );
  for (const lead of leads.page(campaignId, 0, 10)) leadIds[lead.e164] = lead.id;
  const attempts = createCallAttemptsRepository(db);
  const lead = leadIds['+12125550101'] as number;
  const at = (minutes: number) => T0 - minutes * 60_000;
  const start = (minutes: number) =>
    attempts.start({ leadId: lead, campaignId, agentId: null, e164: '+12125550101', at: at(minutes) });
  // placed out of order: the history comes back oldest first
  const second = start(120);
  attempts.finish(second, { outcome: 'busy', endedAt: at(119) });
  const first = start(300);
  attempts.finish(first, { outcome: 'no-answer', endedAt: at(299) });
  attempts.blocked({ leadId: lead, campaignId, agentId: null, e164: '+12125550101', at: at(60) }, [
    'DNC_GLOBAL',
  ]);
  const open = start(10);
  attemptIds.push(first, second, open);
  const abandoned = attempts.start({
    leadId: leadIds['+442079460000'] as number,
    campaignId,
    agentId: null,
    e164: '+442079460000',
    at: at(30),
  });
  attempts.finish(abandoned, { outcome: 'abandoned', answeredAt: at(29), endedAt: at(28) });
  const dnc = createDncRepository(db);
  const add = (e164: string, campaign: number | null, reason: string | null) =>
    dnc.add({ e164, campaignId: campaign, source: 'manual', reason, addedBy: null, at: T0 });
  add('+12125550102', null, 'asked us');
  add('+12125550102', campaignId, null);
  add('+12125550101', otherCampaignId, 'other campaign only');
  facts = createComplianceFactsRepository(db);
  compliance = createComplianceService({
    now: () => T0,
    region: 'US',
    registry: createDncRegistry({ store: createRegistryStore(dir), dnc }),
    campaigns: createCampaignsRepository(db),
    facts,
    audit: createAuditRepository(db),
  });
});

afterAll(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the gate reads its facts in one statement', () => {
  it('returns the lead, its attempts oldest first without blocked dials, and the last outcome', () => {
    const lead = leadIds['+12125550101'] as number;
    const read = facts.read(lead, '+12125550101', campaignId);
    expect(read.lead).toEqual({
      id: lead,
      campaignId,
      e164: '+12125550101',
      attempts: 3,
      timeZones: [],
    });
    expect(read.history).toEqual({
      times: [T0 - 300 * 60_000, T0 - 120 * 60_000, T0 - 10 * 60_000],
      lastOutcome: 'busy',
      lastOutcomeAt: T0 - 119 * 60_000,
    });
    expect(read.dnc).toEqual({ global: null, campaign: null });
  });

  it('puts attempts in order of start, then id, whatever order they are read in', () => {
    expect(historyOf('9,300,,busy 4,100,150,no-answer 7,300,310,failed 5,200,,', 7)).toEqual({
      times: [100, 200, 300],
      lastOutcome: 'busy',
      lastOutcomeAt: 300,
    });
    expect(historyOf('', undefined)).toEqual({ times: [], lastOutcome: null, lastOutcomeAt: null });
  });

  it('leaves out the attempt being decided (the SIP edge checking a call the bridge placed)', () => {
    const read = facts.read(leadIds['+12125550101'] as number, '+12125550101', campaignId, attemptIds[2]);
    expect(read.history?.times).toEqual([T0 - 300 * 60_000, T0 - 120 * 60_000]);
  });

  it("reads the number's global and this campaign's list entries, with the reason or else the source", () => {
    const lead = leadIds['+12125550102'] as number;
    expect(facts.read(lead, '+12125550102', campaignId)).toMatchObject({
      history: { times: [], lastOutcome: null, lastOutcomeAt: null },
      dnc: { global: 'asked us', campaign: 'manual' },
    });
    expect(facts.read(null, '+12125550101', otherCampaignId).dnc).toEqual({
      global: null,
      campaign: 'other campaign only',
    });
    expect(facts.read(null, '+12125550101', null).dnc).toEqual({ global: null, campaign: null });
  });

  it('answers without a lead, for an unknown lead and for an invalid number', () => {
    expect(facts.read(null, '+12125550102', null)).toEqual({
      lead: null,
      history: null,
      dnc: { global: 'asked us', campaign: null },
    });
    expect(facts.read(999_999, '+12125550102', campaignId).lead).toBeNull();
    expect(facts.read(leadIds['+12125550102'] as number, null, campaignId).dnc).toEqual({
      global: null,
      campaign: null,
    });
  });

  it('reads the UK rule and the abandon budget with prepared statements', () => {
    expect(facts.lastAbandonedAt('+442079460000')).toBe(T0 - 30 * 60_000);
    expect(facts.lastAbandonedAt('+12125550101')).toBeNull();
    expect(facts.abandonStats(campaignId, T0 - 3_600_000)).toEqual({ abandoned: 1, liveAnswered: 1 });
    expect(facts.abandonStats(campaignId, T0)).toEqual({ abandoned: 0, liveAnswered: 0 });
  });
});

describe("the gate's decision is audited in the transaction that read its facts", () => {
  type Row = { decision: string; reason: string | null; details: string };
  const rowsAfter = (id: number, client: Database.Database = db.$client) =>
    client
      .prepare(
        `SELECT decision, reason, details FROM audit_log WHERE action = 'dial.check' AND id > ? ORDER BY id`,
      )
      .all(id) as Row[];
  const lastId = () =>
    db.$client.prepare('SELECT coalesce(max(id), 0) FROM audit_log').pluck().get() as number;
  const manual = (number: string) => ({
    path: 'manual' as const,
    number,
    agentId: null,
    campaignId: null,
    leadId: null,
    agentReserved: true,
  });

  it('commits one row per decision, with its inputs, before the decision is returned', () => {
    const before = lastId();
    const allowed = compliance.check(manual('+12125550199'));
    const blocked = compliance.check({
      path: 'campaign',
      number: '+12125550102',
      agentId: null,
      campaignId,
      leadId: leadIds['+12125550102'] as number,
      agentReserved: true,
    });
    expect(allowed.allowed).toBe(true);
    expect(blocked.reasons.map((r) => r.code)).toEqual([
      'DNC_GLOBAL',
      'DNC_CAMPAIGN',
      'CAMPAIGN_NOT_RUNNING',
    ]);
    // another connection (another process would do the same) already sees both rows: they are committed
    const reader = new Database(join(dir, 'ringside.sqlite'), { readonly: true });
    try {
      const rows = rowsAfter(before, reader);
      expect(rows.map((r) => [r.decision, r.reason])).toEqual([
        ['allowed', null],
        ['blocked', 'DNC_GLOBAL,DNC_CAMPAIGN,CAMPAIGN_NOT_RUNNING'],
      ]);
      expect(JSON.parse(rows[1]?.details ?? '{}')).toMatchObject({
        path: 'campaign',
        number: expect.stringMatching(/0102$/), // masked
        campaignId,
        leadId: leadIds['+12125550102'],
        dnc: ['global', 'campaign'],
        campaignState: 'draft',
        rules: 'UK',
        attempts: 0,
        reasons: blocked.reasons,
      });
    } finally {
      reader.close();
    }
  });

  it('refuses a call whose decision cannot be recorded, and still says why a refused one is refused', () => {
    const before = lastId();
    const writer = new Database(join(dir, 'ringside.sqlite'));
    db.$client.pragma('busy_timeout = 0'); // the write lock is held elsewhere: the gate's transaction fails at once
    writer.exec('BEGIN IMMEDIATE');
    try {
      const allowed = compliance.check(manual('+12125550199'));
      expect(allowed.allowed).toBe(false);
      expect(allowed.reasons).toEqual([
        { code: 'GATE_ERROR', message: expect.stringContaining('could not be recorded') },
      ]);
      const listed = compliance.check(manual('+12125550102'));
      expect(listed.allowed).toBe(false);
      expect(listed.reasons.map((r) => r.code)).toEqual(['DNC_GLOBAL']);
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
      db.$client.pragma('busy_timeout = 5000');
    }
    expect(rowsAfter(before)).toEqual([]);
    expect(compliance.check(manual('+12125550199')).allowed).toBe(true);
    expect(rowsAfter(before).map((r) => r.decision)).toEqual(['allowed']);
  });

  it('inside a transaction of its caller, the row is kept or rolled back with it', () => {
    const before = lastId();
    const inside = db.$client.transaction(() => compliance.check(manual('+12125550199')));
    expect(inside().allowed).toBe(true);
    expect(rowsAfter(before)).toHaveLength(1);
    const undone = db.$client.transaction(() => {
      compliance.check(manual('+12125550198'));
      throw new Error('the caller fails');
    });
    expect(() => undone()).toThrow('the caller fails');
    expect(rowsAfter(before)).toHaveLength(1);
  });
});
