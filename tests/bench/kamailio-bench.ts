/**
 * The Kamailio section of `npm run bench`, once per agent count (BENCH_KAMAILIO_AGENTS, default 100 and 1,000):
 * a real Kamailio (kamailio/pbx.sh, sized for that many agents) in front of a real bridge in kamailio mode (child
 * process), the agents registered with headless sip.js phones and ready on socket.io, and one caller UA placing
 * sequential calls from known customers' numbers (written in another format):
 * - routed: to a service number → Kamailio suspends, asks the bridge over evapi, forks to the chosen agent;
 * - baseline, interleaved: to `sip:agentN@domain` → Kamailio relays straight to the registered contact.
 * Each agent auto-answers and hangs up at once, so the floor stays free. Skipped when `kamailio` is not
 * installed or BENCH_KAMAILIO=0.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SessionState } from 'sip.js';
import { kamailioPorts, startKamailio, type RunningKamailio } from '../support/kamailio';
import type { TestPhone } from '../support/kamailio-phone';
import { ensureOpenFiles } from '../support/kamailio-register';
import { ensureBenchDatabase } from './bench-database';
import { timed, type BenchRow } from './bench-stats';
import { kamailioRows, kamailioTitle, type Samples } from './kamailio-bench-rows';
import { agentUsernames, prepareKamailioData, type SipCaller } from './kamailio-bench-setup';
import {
  bringUpAgents,
  createCaller,
  reached,
  Signals,
  type BenchAgent,
  type Caller,
  type FloorEvent,
  type PlacedCall,
} from './kamailio-bench-floor';
import { isAlive } from './bridge-process';
import { startKamailioBridge, type KamailioBridge } from './kamailio-bridge-process';

export const KAMAILIO_CUSTOMERS = 2000;
export const KAMAILIO_WARM_UP = 20;
const LOGIN_CONCURRENCY = 8;
const SUPPORT = '+18005550101';
const DOMAIN = 'ringside.local';

export function kamailioCalls(): number {
  const value = process.env.BENCH_KAMAILIO_CALLS ?? '200';
  const calls = Number(value);
  if (!Number.isSafeInteger(calls) || calls < 1 || calls > 10_000)
    throw new Error(`BENCH_KAMAILIO_CALLS must be an integer from 1 to 10000, got "${value}"`);
  return calls;
}

/** The agent counts to run the section with, in order: BENCH_KAMAILIO_AGENTS=100,1000 (the default). */
export function kamailioAgentCounts(): number[] {
  const value = process.env.BENCH_KAMAILIO_AGENTS ?? '100,1000';
  const counts = value.split(',').map((part) => Number(part.trim()));
  if (counts.length === 0 || counts.some((n) => !Number.isSafeInteger(n) || n < 2 || n > 5000))
    throw new Error(
      `BENCH_KAMAILIO_AGENTS must be agent counts from 2 to 5000, separated by commas, got "${value}"`,
    );
  return counts;
}

/** Why the section does not run here, or null when it does. */
export function kamailioSkipReason(): string | null {
  if (process.env.BENCH_KAMAILIO === '0') return 'skipped: BENCH_KAMAILIO=0';
  if (spawnSync('kamailio', ['-v'], { stdio: 'ignore' }).error)
    return 'skipped: `kamailio` is not installed or not on PATH (README "Real telephony" lists the apt packages)';
  return null;
}

export function kamailioNoteRow(agents: number | null, note: string): BenchRow {
  const measurement = agents === null ? 'Kamailio: pop latency' : kamailioTitle(agents);
  return { measurement, n: '–', p50: '–', p95: '–', p99: '–', note };
}

export async function kamailioBench(rootDir: string, agentCount: number): Promise<BenchRow[]> {
  const calls = kamailioCalls();
  // each agent: a sip.js WebSocket and a socket.io connection here, a socket.io connection in the bridge (forked
  // after this, with the same limit)
  ensureOpenFiles(agentCount * 3);
  const benchDir = join(rootDir, '.bench');
  const bench = ensureBenchDatabase(rootDir, KAMAILIO_CUSTOMERS);
  removeAbandonedRuns(benchDir);
  const dataDir = join(benchDir, `kamailio-${process.pid}`);
  const callers = prepareKamailioData(bench.file, dataDir, agentCount, KAMAILIO_WARM_UP + calls);
  let kam: RunningKamailio | null = null;
  let bridge: KamailioBridge | null = null;
  let caller: Caller | null = null;
  const agents: BenchAgent[] = [];
  const cleanUp = async () => {
    for (const agent of agents) agent.socket.disconnect();
    await Promise.all(agents.map((agent) => agent.phone.stop()));
    await caller?.stop();
    await bridge?.stop();
    await kam?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  // Ctrl-C skips `finally`: Kamailio is a separate process and would stay behind.
  const onSignal = () => void cleanUp().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const ports = await kamailioPorts();
    // sized as pbx.sh sizes it for this many agents (RINGSIDE_PBX_AGENTS)
    kam = await startKamailio({ ports, dataDir, pstnGateway: 'sip:127.0.0.2:5999', agents: agentCount });
    bridge = await startKamailioBridge({
      dataDir,
      evapi: `127.0.0.1:${ports.evapiPort}`,
      wsUri: kam.wsUri,
    });
    const events = new Signals<FloorEvent>();
    const url = bridge.url;
    console.info(`  ${agentCount} agents: login, REGISTER, ready…`);
    const setup = await timed(() =>
      bringUpAgents({
        url,
        usernames: agentUsernames(agentCount),
        concurrency: LOGIN_CONCURRENCY,
        events,
        into: agents,
      }),
    );
    caller = createCaller(kam.wsUri);
    await caller.start();
    console.info(`  ${KAMAILIO_WARM_UP} warm-up + ${calls} routed calls, each followed by a direct one…`);
    const samples = await measure(kam, caller, events, agents, callers, calls);
    const memory = await bridge.memory({ gc: false });
    return kamailioRows(samples, {
      agents: agentCount,
      customers: KAMAILIO_CUSTOMERS,
      warmUp: KAMAILIO_WARM_UP,
      setupMs: setup.ms,
      loginConcurrency: LOGIN_CONCURRENCY,
      bridgeRss: memory.rss,
      sizing: kam.sizing,
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanUp();
  }
}

async function measure(
  kam: RunningKamailio,
  caller: Caller,
  events: Signals<FloorEvent>,
  agents: readonly BenchAgent[],
  callers: readonly SipCaller[],
  calls: number,
): Promise<Samples> {
  const s: Samples = {
    pop: [],
    routed: [],
    direct: [],
    decision: [],
    lead: [],
    cards: 0,
    popFirst: 0,
    routedTo: new Set(),
  };
  let logOffset = kam.log().length;
  for (let i = 0; i < KAMAILIO_WARM_UP + calls; i++) {
    const from = callers[i % callers.length];
    const target = agents[i % agents.length];
    if (!from || !target) throw new Error('no callers or no agents');
    const routed = await routedCall(caller, events, from);
    const log = kam.log();
    const decided = /CTI: decision after (\d+) us/.exec(log.slice(logOffset));
    logOffset = log.length;
    const dialer = agents[(i + 1) % agents.length];
    if (!dialer || dialer === target) throw new Error('the baseline needs two agents');
    const direct = await directCall(events, dialer, target);
    if (i < KAMAILIO_WARM_UP) continue;
    s.pop.push(routed.popAt - routed.sentAt);
    s.routed.push(routed.inviteAt - routed.sentAt);
    s.lead.push(routed.inviteAt - routed.popAt);
    if (decided?.[1]) s.decision.push(Number(decided[1]) / 1000);
    s.direct.push(direct);
    if (routed.cardId === from.customerId) s.cards++;
    if (routed.popAt <= routed.inviteAt) s.popFirst++;
    s.routedTo.add(routed.agent);
  }
  return s;
}

/** To the service number: the bridge decides, pops, and Kamailio forks to the agent it named. */
async function routedCall(caller: Caller, events: Signals<FloorEvent>, from: SipCaller) {
  const call = await caller.place(`sip:${SUPPORT}@${DOMAIN}`, from.fromUser);
  const offer = await events.take(`offer:${call.callId}`, `call:offered for ${call.callId}`);
  const invite = await events.take(`invite:${call.callId}`, `the agent INVITE for ${call.callId}`);
  if (invite.agent !== offer.agent)
    throw new Error(`${call.callId}: offered to ${offer.agent.username}, rang ${invite.agent.username}`);
  await answerAndHangUp(call, invite.agent);
  await events.take(`ended:${call.callId}`, `call:ended for ${call.callId}`);
  return {
    sentAt: call.sentAt,
    popAt: offer.at,
    inviteAt: invite.at,
    cardId: offer.cardId,
    agent: offer.agent.username,
  };
}

/**
 * Straight to an agent's address of record from another agent's authenticated phone: Kamailio's lookup(location)
 * and relay, the same path minus evapi and the dialog (plus one digest check; the clock starts at the
 * authenticated INVITE, so the 407 round trip is not counted). A caller outside the agents' domain can no longer
 * reach an agent directly: only a transfer recorded from a REFER may.
 */
async function directCall(
  events: Signals<FloorEvent>,
  dialer: BenchAgent,
  agent: BenchAgent,
): Promise<number> {
  trackInviteSends(dialer.phone);
  const call = dialer.phone.call(`sip:${agent.username}@${DOMAIN}`);
  const invite = await events.take(`invite:${call.callId}`, `the direct INVITE to ${agent.username}`);
  if (invite.agent !== agent) throw new Error(`${call.callId}: meant for ${agent.username}`);
  const sentAt = inviteSentAt.get(call.callId);
  if (sentAt === undefined) throw new Error(`${call.callId}: the INVITE was never sent`);
  await call.established;
  const session = agent.phone.sessions.get(call.callId);
  if (!session) throw new Error(`${agent.username} did not answer ${call.callId}`);
  const ended = reached(call.inviter, SessionState.Terminated);
  await reached(session, SessionState.Established);
  await session.bye();
  await ended;
  agent.phone.sessions.delete(call.callId);
  inviteSentAt.delete(call.callId);
  return invite.at - sentAt;
}

/** When each agent phone last handed an INVITE to its WebSocket (the digest retry overwrites the first). */
const inviteSentAt = new Map<string, number>();
const trackedPhones = new WeakSet<TestPhone>();

function trackInviteSends(phone: TestPhone): void {
  if (trackedPhones.has(phone)) return;
  trackedPhones.add(phone);
  const transport = phone.ua.transport;
  const send = transport.send.bind(transport);
  transport.send = (message: string) => {
    const callId = message.startsWith('INVITE ') ? /^Call-ID:\s*(\S+)/im.exec(message)?.[1] : undefined;
    if (callId) inviteSentAt.set(callId, performance.now());
    return send(message);
  };
}

async function answerAndHangUp(call: PlacedCall, agent: BenchAgent): Promise<void> {
  await call.established;
  const session = agent.phone.sessions.get(call.callId);
  if (!session) throw new Error(`${agent.username} did not answer ${call.callId}`);
  await reached(session, SessionState.Established);
  await session.bye();
  await call.terminated;
  agent.phone.sessions.delete(call.callId);
}

/** A run killed by SIGKILL leaves its data copy and maybe its Kamailio (found by its pid file) behind. */
function removeAbandonedRuns(benchDir: string): void {
  for (const name of readdirSync(benchDir)) {
    const pid = /^kamailio-(\d+)$/.exec(name)?.[1];
    if (!pid || isAlive(Number(pid))) continue;
    const pidFile = join(benchDir, name, 'kamailio', 'kamailio.pid');
    const kamailioPid = Number(readText(pidFile).trim());
    // Only that run's Kamailio: its command line names this pid file (a reused pid would not).
    if (kamailioPid > 0 && readText(`/proc/${kamailioPid}/cmdline`).includes(pidFile))
      process.kill(kamailioPid, 'SIGKILL');
    rmSync(join(benchDir, name), { recursive: true, force: true });
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
