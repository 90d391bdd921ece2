import type { AddressInfo } from 'node:net';
import type { Config } from './config';
import type { Logger } from './logger';
import type { CallInjector, PbxAdapter } from './pbx/pbx-adapter';
import { createAuditRepository } from './repositories/audit.repository';
import { createBridgeRunsRepository } from './repositories/bridge-runs.repository';
import { createCustomerCardRepository } from './repositories/customer-card.repository';
import { createCustomersRepository } from './repositories/customers.repository';
import { prepareDatabase } from './repositories/database';
import { createInteractionsRepository } from './repositories/interactions.repository';
import { createReferenceRepository } from './repositories/reference.repository';
import { agentCommands } from './server/agent.handlers';
import { closeHttpServer, createHttpServer } from './server/http-server';
import { hashPassword } from './server/password-hash';
import { agentRoom, createSocketServer, socketChannel, userRoom } from './server/socket-server';
import { AgentFloor } from './services/agent-floor';
import { startBridgeLiveness } from './services/bridge-liveness';
import { createCustomerLookup } from './services/customer-lookup';
import { createCustomersService } from './services/customers.service';
import { Faults } from './services/faults';
import type { Monitoring } from './services/supervision/monitoring';
import { createWrapUpService } from './services/wrap-up';
import { createAccessWiring } from './wiring/access.wiring';
import { createAgentSkillsWiring } from './wiring/agent-skills.wiring';
import { connectConsoles } from './wiring/consoles.wiring';
import { coreRoutes } from './wiring/core-routes.wiring';
import { createFloorControlWiring } from './wiring/floor-control.wiring';
import { createCallCenter } from './wiring/inbound.wiring';
import { createOutboundWiring } from './wiring/outbound.wiring';
import { pbxEvents } from './wiring/pbx-events.wiring';
import { createQueueingWiring } from './wiring/queueing.wiring';
import { createRoutingRulesWiring } from './wiring/routing-rules.wiring';
import { createBusinessTypesWiring } from './wiring/business-types.wiring';
import { createWallboardWiring } from './wiring/wallboard.wiring';

export const VERSION = '0.1.0';

export interface RingsideOptions {
  config: Readonly<Config>;
  pbx: PbxAdapter;
  /** The simulator's call injector (sim PBX only). */
  simulator: CallInjector | null;
  log: Logger;
  now?: () => number;
  /** How often this run stamps that it is alive (default `HEARTBEAT_MS`). */
  heartbeatMs?: number;
  /** How often connected sessions are re-checked against the store (default 5 s; tests pass less). */
  sessionSweepMs?: number;
  /** SIP users of the PBX adapter itself (the dialer's user agent), stored for Kamailio by their HA1 only. */
  pbxUsers?: readonly { username: string; ha1: string }[];
  /** Queue callbacks' accept window and retry delay (tests shorten them). */
  queueCallbacks?: { acceptTimeoutMs?: number; retryDelayMs?: number };
}

/** Composition root: wires repositories, services, the PBX adapter and the HTTP + socket servers. */
export async function startRingside(options: RingsideOptions) {
  const { config, pbx, log } = options;
  const now = options.now ?? Date.now;
  const prepared = await prepareDatabase({
    file: config.databaseFile,
    demo: config.demo,
    demoCustomers: config.demoCustomers,
    locale: config.region === 'CN' ? 'zh-CN' : 'en',
    hashPassword,
    now: now(),
  });
  const { db } = prepared;
  const faults = new Faults({ log, now });
  const audit = createAuditRepository(db);
  const access = createAccessWiring({
    db,
    config,
    now,
    audit,
    pbxKind: pbx.kind,
    pbxUsers: options.pbxUsers ?? [],
  });
  const { users } = access;
  const customers = createCustomersRepository(db);
  const cards = createCustomerCardRepository(db);
  const reference = createReferenceRepository(db);
  const supervision = createWallboardWiring({ db, config, now, faults });
  const interactions = supervision.watched(createInteractionsRepository(db));
  const outbound = createOutboundWiring({ db, config, now, audit, log });
  const routingRules = createRoutingRulesWiring({
    db,
    now,
    audit,
    headersChanged: (headers) => pbx.attachedHeaders?.(headers),
  });
  const liveness = startBridgeLiveness({
    runs: createBridgeRunsRepository(db),
    interactions,
    audit,
    faults,
    log,
    now,
    pid: process.pid,
    callsOutliveBridge: pbx.capabilities().callsOutliveBridge,
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
  });
  const lookup = createCustomerLookup(customers, config.region);
  const customersService = createCustomersService({ customers, cards, interactions, lookup });
  const queueingWiring = createQueueingWiring({ db, now, lookup, audit });
  const businessTypes = createBusinessTypesWiring({
    db,
    now,
    audit,
    router: queueingWiring.router,
    changed: () => routingRules.service.typesChanged(),
  });
  // the floor, the call center and the sockets are created below; a change can only come once they listen
  const agentSkills = createAgentSkillsWiring({
    db,
    now,
    audit,
    displayName: access.displayName,
    applied: (agentId, fact) => {
      floor.reloadSkills(agentId);
      callCenter.agentProfileChanged(agentId);
      supervision.agentStateChanged(agentId);
      io.to(userRoom(agentId)).emit('agent:skills-changed', fact);
    },
  });

  const http = await createHttpServer({
    auth: access.auth,
    version: VERSION,
    rendererDir: config.rendererDir,
    sipWsUri: config.sipWsUri,
    log,
    plugins: [access.loginGate.register],
    routes: [
      ...coreRoutes({
        db,
        version: VERSION,
        pbxKind: pbx.kind,
        now,
        faults,
        access,
        audit,
        customers: customersService,
        reference,
        interactions,
        simulator: options.simulator,
        stateOf: (agentId) => floor.get(agentId),
      }),
      ...outbound.routes,
      ...routingRules.routes,
      ...supervision.routes,
      ...queueingWiring.routes,
      ...businessTypes.routes,
      ...agentSkills.routes,
    ],
  });
  const io = createSocketServer(http.server, {
    auth: access.auth,
    log,
    allowedOrigins: config.allowedOrigins,
  });
  const sessions = access.startSessions({ io, faults, sweepMs: options.sessionSweepMs ?? 5000 });
  // created after the floor, which tells it every state change: a listener's session ends with the agent's call
  let monitoring: Monitoring | null = null;
  const floor = new AgentFloor({
    now,
    skillsOf: access.skillsOf,
    onChange: (state) => {
      // the state history lagging one row must not keep the new state from the agent's consoles
      faults.guard('agent state log', () => audit.agentStateChanged(state));
      io.to(agentRoom(state.agentId)).emit('agent:state-changed', state);
      outbound.agentStateChanged(state);
      supervision.agentStateChanged(state.agentId);
      monitoring?.agentStateChanged(state);
      queueingWiring.agentStateChanged(state);
    },
  });
  const { wallboard, commands: wallboardCommandTable } = supervision.start({
    io,
    floor,
    queues: queueingWiring.router,
  });
  const callCenter = createCallCenter({
    now,
    pbx,
    floor,
    lookup,
    reference,
    routeByRules: routingRules.service.route,
    interactions,
    cards,
    io,
    log,
    faults,
    router: queueingWiring.router,
    queueing: queueingWiring.queueing,
    callbackIntake: queueingWiring.intake,
  });
  const stopQueueTick = queueingWiring.start({
    io,
    pbx,
    applyWaitLimits: () => callCenter.applyWaitLimits(),
    guarded: (where, work) => faults.guarded(where, work),
    onUpdate: () => supervision.queuesChanged(),
  });
  const {
    dialing,
    commands: outboundCommandTable,
    pbxEvents: outboundPbxEvents,
  } = outbound.startDialing({
    pbx,
    floor,
    io,
    log,
    users,
    reference,
    cards,
    interactions,
    onCallOutcome: (call) => queueingWiring.callOutcome(call),
  });
  const { commands: queueCommandTable } = queueingWiring.startCallbacks({
    floor,
    channel: socketChannel(io),
    compliance: outbound.compliance,
    calls: () => dialing.calls,
    cards,
    audit,
    log,
    guarded: (where, work) => faults.guarded(where, work),
    callerId: () => reference.serviceNumbers()[0] ?? 'anonymous',
    ...options.queueCallbacks,
  });
  const wrapUp = createWrapUpService({
    now,
    interactions,
    reference,
    customers,
    onStored: (agentId, interactionId, stored) => {
      dialing.dispositionStored(agentId, interactionId, stored);
      callCenter.wrapUpStored(agentId, interactionId);
    },
  });
  const supervisors = createFloorControlWiring({
    now,
    config,
    pbx,
    floor,
    callCenter,
    dialing,
    access,
    audit,
    io,
    faults,
  });
  monitoring = supervisors.monitoring;
  connectConsoles({
    io,
    commands: {
      ...agentCommands({
        callCenter,
        wrapUp,
        customers: customersService,
        outboundSession: (agentId) => dialing.dialer.session(agentId),
      }),
      ...outboundCommandTable,
      ...wallboardCommandTable,
      ...supervisors.commands,
      ...queueCommandTable,
    },
    log,
    faults,
    sessions,
    monitoring,
    callCenter,
    dialing,
  });
  await pbx.start(pbxEvents({ faults, callCenter, dialing, outbound: outboundPbxEvents }), access.directory);
  await http.listen({ port: config.port, host: config.host });
  const port = (http.server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    db,
    callCenter,
    /** Queue figures and positions (`queueSnapshot(queueId)`, `update()`); `agentChanged(id)` after a skill edit. */
    queues: queueingWiring.router,
    interactions,
    wallboard,
    outbound: dialing,
    faults,
    recovery: liveness.recovery,
    compliance: outbound.compliance,
    campaigns: outbound.campaigns,
    leads: outbound.leads,
    attempts: outbound.attempts,
    dnc: outbound.dnc,
    registry: outbound.registry,
    campaignsService: outbound.campaignsService,
    leadImport: outbound.leadImport,
    dncImport: outbound.dncImport,
    dncLists: outbound.dncLists,
    demoAccounts: prepared.demoAccounts,
    demoCustomersCreated: prepared.demoCustomersCreated,
    reference,
    samplePhones: (limit: number) => customers.samplePhones(limit, Math.random).map((phone) => phone.e164),
    /** Stops everything and closes the database; `crashed` (the fatal-error exit) is not recorded as a clean stop. */
    async stop(how: 'clean' | 'crashed' = 'clean'): Promise<void> {
      stopQueueTick();
      callCenter.stop();
      supervision.stop();
      sessions.stop();
      dialing.stop();
      await pbx.stop();
      await closeHttpServer(http, () => io.close());
      liveness.stop(how);
      await prepared.walCheckpoints.stop();
      db.$client.close();
      access.subscribers?.close();
    },
  };
}

export type RunningRingside = Awaited<ReturnType<typeof startRingside>>;
