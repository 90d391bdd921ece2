import type { AgentState } from '../../protocol/agent-state.schema';
import type { ImportProgress } from '../../protocol/campaign.schema';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { PbxAdapter, PbxEvents } from '../pbx/pbx-adapter';
import type { AuditRepository } from '../repositories/audit.repository';
import { createCallAttemptsRepository } from '../repositories/call-attempts.repository';
import { createComplianceFactsRepository } from '../repositories/compliance-facts.repository';
import { createCampaignsRepository } from '../repositories/campaigns.repository';
import type { CustomerCardRepository } from '../repositories/customer-card.repository';
import type { RingsideDb } from '../repositories/database';
import { createDncRepository } from '../repositories/dnc.repository';
import { createRegistryStore } from '../repositories/dnc-registry.store';
import { createAbandonRecordingsStore } from '../repositories/abandon-recordings.store';
import type { InteractionsRepository } from '../repositories/interactions.repository';
import { createLeadQueueRepository } from '../repositories/lead-queue.repository';
import { createLeadsRepository } from '../repositories/leads.repository';
import { createPacingDecisionsRepository } from '../repositories/pacing-decisions.repository';
import type { ReferenceRepository } from '../repositories/reference.repository';
import type { UsersRepository } from '../repositories/users.repository';
import { campaignRoutes } from '../server/http/campaigns.routes';
import { complianceRoutes } from '../server/http/compliance.routes';
import { dncRoutes } from '../server/http/dnc.routes';
import { outboundCommands } from '../server/outbound.handlers';
import type { RouteSpec } from '../server/route-spec';
import { type RingsideServer, socketChannel, userRoom } from '../server/socket-server';
import type { AgentFloor } from '../services/agent-floor';
import { createComplianceService } from '../services/compliance/compliance.service';
import { createDncImportService } from '../services/compliance/dnc-import.service';
import { createDncListsService } from '../services/compliance/dnc-lists.service';
import { createDncRegistry } from '../services/compliance/dnc-registry';
import {
  abandonRecordingsDir,
  createAbandonRecordingsService,
} from '../services/outbound/abandon-recordings.service';
import { createCampaignsService } from '../services/outbound/campaigns.service';
import { createLeadImportService } from '../services/outbound/lead-import.service';
import { createOutboundDialing, type OutboundDialing } from '../services/outbound/outbound-dialing';
import type { LiveOutbound } from '../services/outbound/outbound-calls';

/** Supervisors' and admins' consoles: live campaign figures go to this room. */
export const SUPERVISORS = 'supervisors';

export interface OutboundWiringDeps {
  db: RingsideDb;
  config: Readonly<Pick<Config, 'region' | 'dataDir'>>;
  now: () => number;
  audit: AuditRepository;
  log: Logger;
}

export interface OutboundDialingWiringDeps {
  pbx: PbxAdapter;
  floor: AgentFloor;
  io: RingsideServer;
  log: Logger;
  users: UsersRepository;
  reference: ReferenceRepository;
  cards: CustomerCardRepository;
  interactions: InteractionsRepository;
  /** Every placed call's outcome, after the dialer's own handling (queue callbacks record theirs). */
  onCallOutcome?: (call: LiveOutbound) => void;
}

/**
 * The outbound capability's composition: campaigns, leads, DNC lists and the one compliance gate (created before
 * the HTTP server, whose routes they serve), then the dialer once the floor and the socket server exist.
 */
export function createOutboundWiring({ db, config, now, audit, log }: OutboundWiringDeps) {
  const dnc = createDncRepository(db);
  const campaigns = createCampaignsRepository(db);
  const leads = createLeadsRepository(db);
  const attempts = createCallAttemptsRepository(db);
  const registry = createDncRegistry({ store: createRegistryStore(config.dataDir), dnc });
  const compliance = createComplianceService({
    now,
    region: config.region,
    registry,
    campaigns,
    facts: createComplianceFactsRepository(db),
    audit,
  });
  const campaignsService = createCampaignsService({ now, campaigns, audit });
  const recordings = createAbandonRecordingsService({
    now,
    store: createAbandonRecordingsStore(abandonRecordingsDir(config.dataDir)),
    campaigns,
    audit,
    log,
  });
  recordings.reconcile();
  const leadImport = createLeadImportService({ now, region: config.region, campaigns, leads, audit });
  const dncLists = createDncListsService({ now, region: config.region, dnc, registry, leads });
  const dncImport = createDncImportService({ now, region: config.region, dnc, registry, audit });
  // The socket server exists only once HTTP does; progress of an import started before that goes nowhere.
  let progressTo: (userId: number, progress: ImportProgress) => void = () => undefined;
  const progress = (userId: number, update: ImportProgress) => progressTo(userId, update);
  // The floor exists before the dialer: it tells the dialer every state change once there is one.
  let dialing: OutboundDialing | null = null;

  const routes: RouteSpec[] = [
    ...campaignRoutes({
      campaigns: campaignsService,
      leadImport,
      leads,
      dncLists,
      recordings,
      progressTo: progress,
    }),
    ...dncRoutes({ dncLists, dncImport, dnc, campaigns: campaignsService, progressTo: progress }),
    ...complianceRoutes({ compliance }),
  ];

  /** Starts the dialer on the floor; returns what the socket commands and the PBX events need. */
  function startDialing(deps: OutboundDialingWiringDeps) {
    const { io, users } = deps;
    progressTo = (userId, update) => io.to(userRoom(userId)).emit('campaign:import-progressed', update);
    const started = createOutboundDialing({
      now,
      pbx: deps.pbx,
      floor: deps.floor,
      channel: socketChannel(io),
      log: deps.log,
      compliance,
      campaigns,
      leads,
      attempts,
      queue: createLeadQueueRepository(db),
      cards: deps.cards,
      audit,
      interactions: deps.interactions,
      skillsOf: (agentId) =>
        new Set(
          users
            .allSkills()
            .filter((s) => s.userId === agentId)
            .map((s) => s.businessTypeId),
        ),
      displayName: (agentId) => users.findById(agentId)?.displayName ?? `#${agentId}`,
      defaultCallerId: deps.reference.serviceNumbers()[0] ?? 'anonymous',
      pushStats: (stats) => io.to(SUPERVISORS).emit('campaign:stats-changed', stats),
      pushPacing: (view) => io.to(SUPERVISORS).emit('campaign:pacing-changed', view),
      decisions: createPacingDecisionsRepository(db),
      ...(deps.onCallOutcome ? { onCallOutcome: deps.onCallOutcome } : {}),
    });
    dialing = started;
    const pbxEvents: Pick<
      PbxEvents,
      'dialRequested' | 'outboundProgress' | 'placedCallEnded' | 'agentForAnswered'
    > = {
      dialRequested: (request) => {
        const decision = compliance.checkEdgeDial(request);
        if (decision.attemptId !== null && !request.byServer && request.agentId !== null)
          started.calls.edgeDecided(
            request.agentId,
            request.callId,
            decision.attemptId,
            decision.allowed ? null : decision.codes,
          );
        return decision;
      },
      outboundProgress: (callId, update, at) => started.dialer.progress(callId, update, at),
      placedCallEnded: (ended) => started.calls.placedCallEnded(ended),
      agentForAnswered: (callId, campaignId, tried) => started.agentForAnswered(callId, campaignId, tried),
    };
    return {
      dialing: started,
      commands: outboundCommands({ dialer: started.dialer, calls: started.calls, stats: started.stats, now }),
      pbxEvents,
    };
  }

  return {
    dnc,
    campaigns,
    leads,
    attempts,
    registry,
    compliance,
    campaignsService,
    leadImport,
    dncLists,
    dncImport,
    routes,
    startDialing,
    /** The floor's every state change: a ready agent of a progressive campaign gets the next call. */
    agentStateChanged(state: AgentState): void {
      dialing?.dialer.agentStateChanged(state);
    },
  };
}
