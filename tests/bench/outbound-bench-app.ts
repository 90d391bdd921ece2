/** The outbound bench's app: the same repositories and services the bridge wires, on the bench's database. */
import type { RingsideDb } from '../../db/open-database';
import { createAuditRepository } from '../../cti-bridge/src/repositories/audit.repository';
import { createComplianceFactsRepository } from '../../cti-bridge/src/repositories/compliance-facts.repository';
import { createCampaignsRepository } from '../../cti-bridge/src/repositories/campaigns.repository';
import { createDncRepository } from '../../cti-bridge/src/repositories/dnc.repository';
import { createRegistryStore } from '../../cti-bridge/src/repositories/dnc-registry.store';
import { createLeadsRepository } from '../../cti-bridge/src/repositories/leads.repository';
import { createComplianceService } from '../../cti-bridge/src/services/compliance/compliance.service';
import { createDncImportService } from '../../cti-bridge/src/services/compliance/dnc-import.service';
import { createDncListsService } from '../../cti-bridge/src/services/compliance/dnc-lists.service';
import { createDncRegistry } from '../../cti-bridge/src/services/compliance/dnc-registry';
import { createCampaignsService } from '../../cti-bridge/src/services/outbound/campaigns.service';
import { createLeadImportService } from '../../cti-bridge/src/services/outbound/lead-import.service';

/** The bench's clock: noon in New York, inside every campaign's calling window. */
export const NOON_NEW_YORK = Date.parse('2026-07-15T16:00:00Z');

export type OutboundBenchApp = ReturnType<typeof wireOutboundBench>;

export function wireOutboundBench(db: RingsideDb, dataDir: string) {
  const now = () => NOON_NEW_YORK;
  const audit = createAuditRepository(db);
  const dnc = createDncRepository(db);
  const campaigns = createCampaignsRepository(db);
  const leads = createLeadsRepository(db);
  const registry = createDncRegistry({ store: createRegistryStore(dataDir), dnc });
  const facts = createComplianceFactsRepository(db);
  const compliance = (gateAudit: typeof audit) =>
    createComplianceService({ now, region: 'US', registry, campaigns, facts, audit: gateAudit });
  return {
    db,
    leads,
    registry,
    facts,
    audit,
    campaigns: createCampaignsService({ now, campaigns, audit }),
    leadImport: createLeadImportService({ now, region: 'US', campaigns, leads, audit }),
    dncImport: createDncImportService({ now, region: 'US', dnc, registry, audit }),
    dncLists: createDncListsService({ now, region: 'US', dnc, registry, leads }),
    compliance: compliance(audit),
    /**
     * The same service with the gate's database steps as they were before they shared one transaction: the facts
     * read in a read transaction of its own, then the audit row committed in its own write transaction.
     */
    complianceTwoTransactions: compliance({
      ...audit,
      recordAfter<T>(work: () => { result: T; entry: Parameters<typeof audit.record>[0] }): T {
        const { result, entry } = work();
        audit.record(entry);
        return result;
      },
    }),
  };
}

/** A running US campaign (08:00–21:00, 5 attempts, 3 a day) named `name`. */
export function benchCampaign(app: OutboundBenchApp, name: string): number {
  const created = app.campaigns.create(
    {
      name,
      businessType: null,
      mode: 'progressive',
      callingWindow: { from: '08:00', to: '21:00' },
      rules: 'US',
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
  app.campaigns.act(created.data.id, 'start', null);
  return created.data.id;
}
