/**
 * The compliance gate's one-statement read (lead, its attempts, the number's global and campaign lists) on a real
 * SQLite file with the real migrations: the same facts the separate reads gave, in every shape a dial takes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
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
  type ComplianceFactsRepository,
} from '../../cti-bridge/src/repositories/compliance-facts.repository';
import { createDncRepository } from '../../cti-bridge/src/repositories/dnc.repository';
import { createLeadsRepository } from '../../cti-bridge/src/repositories/leads.repository';
import { createCampaignsService } from '../../cti-bridge/src/services/outbound/campaigns.service';

const T0 = Date.parse('2026-07-15T16:00:00Z');
let dir: string;
let db: RingsideDb;
let facts: ComplianceFactsRepository;
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
