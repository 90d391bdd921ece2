import type { ScrubReport } from '../../../protocol/compliance.schema';
import type { DncEntryView } from '../../../protocol/dnc.schema';
import { fail, ok, type Result } from '../../../protocol/errors';
import { normalizeCallerId, type CountryCode } from '../../domain/caller-id';
import type { DncRepository } from '../../repositories/dnc.repository';
import type { LeadsRepository } from '../../repositories/leads.repository';
import type { DncRegistry } from './dnc-registry';

/** Manual DNC changes (audited, with who and why), "why is this number blocked", and scrubbing a lead list. */
export function createDncListsService(deps: {
  now: () => number;
  region: CountryCode;
  dnc: DncRepository;
  registry: DncRegistry;
  leads: LeadsRepository;
}) {
  const e164Of = (raw: string): string | null => {
    const number = normalizeCallerId(raw, deps.region);
    return number.kind === 'number' ? number.e164 : null;
  };
  return {
    add(input: {
      number: string;
      campaignId: number | null;
      reason: string;
      userId: number;
    }): Result<{ e164: string; added: boolean }> {
      const e164 = e164Of(input.number);
      if (!e164) return fail('VALIDATION_FAILED', 'number: not a valid phone number');
      const added = deps.dnc.add({
        e164,
        campaignId: input.campaignId,
        source: 'manual',
        reason: input.reason,
        addedBy: input.userId,
        at: deps.now(),
      });
      return ok({ e164, added });
    },
    remove(input: {
      number: string;
      campaignId: number | null;
      reason: string | null;
      userId: number;
    }): Result<{ e164: string; removed: boolean }> {
      const e164 = e164Of(input.number);
      if (!e164) return fail('VALIDATION_FAILED', 'number: not a valid phone number');
      const removed = deps.dnc.remove({
        e164,
        campaignId: input.campaignId,
        reason: input.reason,
        addedBy: input.userId,
        at: deps.now(),
      });
      return removed ? ok({ e164, removed }) : fail('NOT_FOUND', 'the number is not on that list');
    },
    /** Every list the number is on, registries included. */
    search(raw: string): { e164: string | null; listed: boolean; entries: DncEntryView[] } {
      const e164 = e164Of(raw);
      if (!e164) return { e164: null, listed: false, entries: [] };
      const entries = deps.dnc.entriesFor(e164);
      const registry = deps.registry.hit(e164);
      if (registry)
        entries.push({
          e164,
          scope: 'registry',
          campaignId: null,
          source: registry,
          reason: null,
          addedBy: null,
          addedAt: null,
        });
      return { e164, listed: entries.length > 0, entries };
    },
    /**
     * Which of a campaign's leads are blocked by a DNC list, and why: the global and campaign lists as sets, the
     * registries by binary search — a million leads in well under a second.
     */
    scrub(campaignId: number, limit: number): ScrubReport {
      const started = performance.now();
      const { ids, e164s } = deps.leads.numbersForScrub(campaignId);
      const lists = deps.dnc.listedNumbers(campaignId);
      const byCode: Record<string, number> = {};
      const blockedLeads: ScrubReport['blockedLeads'] = [];
      let blocked = 0;
      for (let i = 0; i < e164s.length; i++) {
        const e164 = e164s[i] as string;
        const codes: string[] = [];
        if (lists.global.has(e164)) codes.push('DNC_GLOBAL');
        if (lists.campaign.has(e164)) codes.push('DNC_CAMPAIGN');
        if (deps.registry.hasNumber(Number(e164.slice(1)))) codes.push('DNC_REGISTRY');
        if (codes.length === 0) continue;
        blocked++;
        for (const code of codes) byCode[code] = (byCode[code] ?? 0) + 1;
        if (blockedLeads.length < limit) blockedLeads.push({ leadId: ids[i] as number, e164, codes });
      }
      return {
        campaignId,
        leads: e164s.length,
        blocked,
        byCode,
        blockedLeads,
        ms: Math.round(performance.now() - started),
      };
    },
  };
}

export type DncListsService = ReturnType<typeof createDncListsService>;
