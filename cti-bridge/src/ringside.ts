import type { AddressInfo } from 'node:net';
import type { AgentState } from '../protocol/agent-state.schema';
import type { Config } from './config';
import type { Logger } from './logger';
import type { CallInjector, PbxAdapter, PlacedCallEnded } from './pbx/pbx-adapter';
import { createAuditRepository } from './repositories/audit.repository';
import { createBridgeRunsRepository } from './repositories/bridge-runs.repository';
import { createDispositionCorrectionsRepository } from './repositories/disposition-corrections.repository';
import { createCustomerCardRepository } from './repositories/customer-card.repository';
import { createCustomersRepository } from './repositories/customers.repository';
import { userRoutes } from './server/http/users.routes';
import { supervisionRoutes } from './server/http/supervision.routes';
import { createUserAdminRepository } from './repositories/user-admin.repository';
import { createUserAdminService } from './services/users/user-admin.service';
import { prepareDatabase } from './repositories/database';
import { createInteractionsRepository } from './repositories/interactions.repository';
import { createReferenceRepository } from './repositories/reference.repository';
import { createSipSubscribersRepository } from './repositories/sip-subscribers.repository';
import { createUsersRepository } from './repositories/users.repository';
import { agentCommands, floorRoles } from './server/agent.handlers';
import { supervisorCommands } from './server/supervisor.handlers';
import { createFloorControl } from './services/supervision/floor-control';
import { createMonitoring, type Monitoring } from './services/supervision/monitoring';
import { byPbxCallId } from './services/supervision/media-call-ids';
import { createAuthService } from './server/auth.service';
import { closeHttpServer, createHttpServer } from './server/http-server';
import { createLoginGate } from './server/login-gate';
import { hashPassword, hashPasswordAsync } from './server/password-hash';
import { apiRoutes } from './server/routes/api.routes';
import { interactionRoutes } from './server/routes/interactions.routes';
import { createSessionSockets } from './server/session-sockets';
import { agentRoom, bindCommands, createSocketServer, socketChannel, userRoom } from './server/socket-server';
import { AgentFloor } from './services/agent-floor';
import { startBridgeLiveness } from './services/bridge-liveness';
import { CallCenter } from './services/call-center';
import { createCustomerLookup } from './services/customer-lookup';
import { createCustomersService } from './services/customers.service';
import { createDispositionCorrection } from './services/disposition-correction';
import { Faults, guardWrites } from './services/faults';
import { createSipCredentials } from './services/sip-credentials';
import { createWrapUpService } from './services/wrap-up';
import { createOutboundWiring, SUPERVISORS } from './wiring/outbound.wiring';
import { createRoutingRulesWiring } from './wiring/routing-rules.wiring';
import { createBusinessTypesWiring } from './wiring/business-types.wiring';
import { createWallboardWiring } from './wiring/wallboard.wiring';
import { createQueueingWiring } from './wiring/queueing.wiring';
import { createAgentSkillsWiring } from './wiring/agent-skills.wiring';

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

const pick = ({ status, reason, callId }: AgentState) => ({ status, reason, callId });

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
  const users = createUsersRepository(db);
  const accounts = createUserAdminRepository(db);
  if (config.adminPassword)
    users.upsertUser({
      username: 'admin',
      displayName: 'Administrator',
      role: 'admin',
      passwordHash: hashPassword(config.adminPassword),
    });
  const customers = createCustomersRepository(db);
  const cards = createCustomerCardRepository(db);
  const reference = createReferenceRepository(db);
  const supervision = createWallboardWiring({ db, config, now, faults });
  const interactions = supervision.watched(createInteractionsRepository(db));
  const audit = createAuditRepository(db);
  const outbound = createOutboundWiring({ db, config, now, audit });
  const routingRules = createRoutingRulesWiring({ db, now, audit });
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
  const auth = createAuthService({ users, now, sessionHours: config.sessionHours });
  auth.deleteExpiredSessions();
  const loginGate = createLoginGate({
    ...config.loginThrottle,
    onRefused: ({ username, address, retryAfterSec }) =>
      audit.record({
        at: now(),
        actorUserId: null,
        action: 'auth.login-throttled',
        subject: `username:${username.slice(0, 100)}`,
        decision: 'blocked',
        reason: 'too many failed logins',
        details: { address, retryAfterSec },
      }),
    onFailed: ({ username, address }) =>
      audit.record({
        at: now(),
        actorUserId: null,
        action: 'auth.login-failed',
        subject: `username:${username.slice(0, 100)}`,
        decision: 'blocked',
        details: { address },
      }),
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
    displayName: (userId) => users.findById(userId)?.displayName ?? `#${userId}`,
    applied: (agentId, fact) => {
      floor.reloadSkills(agentId);
      callCenter.agentProfileChanged(agentId);
      supervision.agentStateChanged(agentId);
      io.to(userRoom(agentId)).emit('agent:skills-changed', fact);
    },
  });
  // Softphone credentials exist only where a real PBX checks them.
  const subscribers = pbx.kind === 'kamailio' ? createSipSubscribersRepository(config.kamailioAuthDb) : null;
  for (const user of options.pbxUsers ?? []) subscribers?.setHa1(user.username, config.sipDomain, user.ha1);
  const sipCredentials = subscribers
    ? createSipCredentials({
        edge: { wsUri: config.sipWsUri, domain: config.sipDomain },
        subscribers,
        sipUsernameOf: (userId) => users.findById(userId)?.sipUsername ?? null,
      })
    : null;

  const http = await createHttpServer({
    auth,
    version: VERSION,
    rendererDir: config.rendererDir,
    sipWsUri: config.sipWsUri,
    log,
    plugins: [loginGate.register],
    routes: [
      ...apiRoutes({
        version: VERSION,
        pbxKind: pbx.kind,
        startedAt: now(),
        now,
        faultCount: () => faults.snapshot().total,
        auth,
        loginGate,
        audit,
        users,
        customers: customersService,
        reference,
        simulator: options.simulator,
        interactionIdOf: (callId) => interactions.idOfPbxCall(callId),
        issueSipCredentials: (user) => sipCredentials?.issue(user) ?? null,
      }),
      ...outbound.routes,
      ...routingRules.routes,
      ...supervision.routes,
      ...queueingWiring.routes,
      ...businessTypes.routes,
      ...agentSkills.routes,
      ...supervisionRoutes({
        floorAgents: () =>
          accounts
            .list()
            .filter((user) => user.role !== 'admin' && !user.disabled)
            .map((user) => {
              const state = floor.get(user.id);
              const { username, displayName } = user;
              return { agentId: user.id, username, displayName, ...pick(state) };
            }),
      }),
      ...userRoutes({
        users: createUserAdminService({
          now,
          accounts,
          audit,
          disable: (userId) => auth.disableUser(userId),
          enable: (userId) => users.setDisabled(userId, false),
          endSessions: (userId, reason) => auth.endSessionsOf(userId, reason),
          hashPassword: hashPasswordAsync,
        }),
      }),
      ...interactionRoutes({
        corrections: createDispositionCorrection({
          corrections: createDispositionCorrectionsRepository(db),
          reference,
          now,
        }),
      }),
    ],
  });
  const io = createSocketServer(http.server, { auth, log, allowedOrigins: config.allowedOrigins });
  const sessions = createSessionSockets({
    io,
    auth,
    now,
    sweepMs: options.sessionSweepMs ?? 5000,
    guarded: (where, work) => faults.guarded(where, work),
    onEnded: ({ userId, reason, sockets }) =>
      audit.record({
        at: now(),
        actorUserId: userId,
        action: 'session.ended',
        subject: `user:${userId}`,
        decision: 'done',
        reason,
        details: { consolesSignedOut: sockets },
      }),
  });
  // created after the floor, which tells it every state change: a listener's session ends with the agent's call
  let monitoring: Monitoring | null = null;
  const floor = new AgentFloor({
    now,
    skillsOf: (agentId) =>
      new Set(
        users
          .allSkills()
          .filter((skill) => skill.userId === agentId)
          .map((skill) => skill.businessTypeId),
      ),
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
  const callCenter = new CallCenter({
    now,
    pbx,
    floor,
    lookup,
    reference,
    routeByRules: routingRules.service.route,
    // what the phone already did (offered, answered, ended) goes on when its record cannot be written now
    interactions: guardWrites(faults, 'interactions', interactions, [
      'offered',
      'requeued',
      'answered',
      'ended',
      'missed',
      'abandoned',
    ]),
    cards,
    channel: socketChannel(io),
    log,
    faults,
    router: queueingWiring.router,
    queueing: queueingWiring.queueing,
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
  const displayName = (userId: number) => users.findById(userId)?.displayName ?? `#${userId}`;
  const floorControl = createFloorControl({
    now,
    floor,
    callCenter,
    audit,
    channel: socketChannel(io),
    roleOf: (userId) => users.findById(userId)?.role ?? null,
    displayName,
    consolesOf: (agentId) => io.sockets.adapter.rooms.get(agentRoom(agentId))?.size ?? 0,
    endSessions: (agentId, reason) => auth.endSessionsOf(agentId, reason),
    endOutboundCall: (agentId, callId) =>
      dialing.calls.get(callId)?.agentId === agentId && dialing.calls.ended(callId, now(), 'agent'),
  });
  let monitorIds = 0;
  monitoring = createMonitoring({
    now,
    newId: () => `m${now().toString(36)}-${(monitorIds += 1)}`,
    floor,
    media: pbx.capabilities().forkMedia && pbx.mediaFork ? byPbxCallId(pbx.mediaFork, dialing.calls) : null,
    audit,
    channel: socketChannel(io),
    toUser: (userId, fact) => io.to(userRoom(userId)).emit('monitor:ended', fact),
    displayName,
    notice: config.monitorNotice,
    report: (where, error) => faults.record(where, error),
  });
  const commands = {
    ...agentCommands({
      callCenter,
      wrapUp,
      customers: customersService,
      outboundSession: (agentId) => dialing.dialer.session(agentId),
    }),
    ...outboundCommandTable,
    ...wallboardCommandTable,
    ...supervisorCommands({ floorControl, monitoring }),
    ...queueCommandTable,
  };

  io.on(
    'connection',
    faults.guarded('console connected', (socket) => {
      const user = socket.data.user;
      sessions.track(socket);
      bindCommands(socket, commands, log, sessions.allows);
      void socket.join(userRoom(user.id));
      if (user.role !== 'agent') {
        void socket.join(SUPERVISORS);
        socket.on('disconnect', () => {
          if ((io.sockets.adapter.rooms.get(userRoom(user.id))?.size ?? 0) === 0)
            faults.guard('supervisor left', () => monitoring?.supervisorLeft(user.id));
        });
      }
      if (!(floorRoles as readonly string[]).includes(user.role)) return;
      void socket.join(agentRoom(user.id));
      dialing.consoleBack(user.id);
      socket.emit('agent:state-changed', callCenter.agentConnected(user.id));
      socket.on('disconnect', () => {
        void io
          .in(agentRoom(user.id))
          .fetchSockets()
          .then(
            faults.guarded('console disconnected', (remaining) => {
              if (remaining.length > 0) return;
              // A console cut off because its session ended logs the agent out; a lost connection does not.
              const ended = socket.data.ended;
              if (ended) callCenter.agentSignedOut(user.id, `session-${ended}`);
              else if (!dialing.consoleLost(user.id, () => callCenter.agentDisconnected(user.id)))
                callCenter.agentDisconnected(user.id);
            }),
            (error: unknown) => faults.record('console disconnected', error),
          );
      });
    }),
  );

  // The PBX reports from its own timers (the simulator's callers) and sockets (evapi): a failure is contained here.
  const fromPbx = <A extends unknown[]>(name: string, work: (...args: A) => void) =>
    faults.guarded(`pbx ${name}`, work);
  await pbx.start(
    {
      inboundCall: fromPbx('inboundCall', (call) => callCenter.inboundCall(call)),
      transferredCall: fromPbx('transferredCall', (call) => callCenter.transferredCall(call)),
      callInProgress: fromPbx('callInProgress', (call) => callCenter.callInProgress(call)),
      phoneBusy: fromPbx('phoneBusy', (agentId, callId) => callCenter.phoneBusy(agentId, callId)),
      phoneFree: fromPbx('phoneFree', (agentId, callId) => callCenter.phoneFree(agentId, callId)),
      callerHungUp: fromPbx('callerHungUp', (callId, at) => {
        if (!dialing.hungUp(callId, at, 'caller')) callCenter.callerHungUp(callId, at);
      }),
      agentHungUp: fromPbx('agentHungUp', (callId, at) => {
        if (!dialing.hungUp(callId, at, 'agent')) callCenter.agentHungUp(callId, at);
      }),
      callHeld: fromPbx('callHeld', (callId: string, held: boolean) => void dialing.held(callId, held)),
      callbackChosen: fromPbx('callbackChosen', (callId, at) => callCenter.callbackChosen(callId, at)),
      answered: fromPbx('answered', (callId, agentId, at) => callCenter.answered(callId, agentId, at)),
      ringFailed: fromPbx('ringFailed', (callId, agentId, reason, at) =>
        callCenter.ringFailed(callId, agentId, reason, at),
      ),
      dialRequested: outboundPbxEvents.dialRequested,
      agentForAnswered: outboundPbxEvents.agentForAnswered,
      outboundProgress: fromPbx('outboundProgress', outboundPbxEvents.outboundProgress),
      placedCallEnded: fromPbx('placedCallEnded', (ended: PlacedCallEnded) =>
        outboundPbxEvents.placedCallEnded?.(ended),
      ),
    },
    {
      agentIdOf: (sipUsername) => users.findBySipUsername(sipUsername)?.id ?? null,
      sipUsernameOf: (agentId) => users.findById(agentId)?.sipUsername ?? null,
    },
  );
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
      db.$client.close();
      subscribers?.close();
    },
  };
}

export type RunningRingside = Awaited<ReturnType<typeof startRingside>>;
