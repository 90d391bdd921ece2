/**
 * The queue under load through the real edge: two SIPp trunks (plain SIP/UDP, plain-RTP offers that rtpengine
 * makes WebRTC-shaped) put 20 concurrent calls into the complaints queue, served by 3 agents whose headless phones
 * auto-answer and hang up after 2–3 s. 12 callers wait as long as it takes; 8 more, queued behind them, give up
 * (CANCEL) after 5 s. Every call must end recorded exactly once, answered or abandoned as its caller experienced
 * it, and each agent's state, state log and console must agree with the calls that agent took.
 *
 * Which callers abandon follows from the queue's order, not from this machine's speed: the agents go ready only
 * once all 20 calls are queued, FIFO puts the 12 patient calls first, and an agent takes its next call no sooner
 * than 2 s of talk + 1 s of wrap-up after the last, so the 13th offer cannot come before ~9 s. A slower machine
 * only delays offers further.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { and, asc, eq, gte } from 'drizzle-orm';
import { SessionState, type Invitation } from 'sip.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentStateLog, interactions, users } from '../../db/schema';
import type { AgentState } from '../../cti-bridge/protocol/agent-state.schema';
import { startTelephony, logKamailioOnFailure, type RunningKamailio } from '../support/kamailio';
import type { TestPhone } from '../support/kamailio-phone';
import { sipAgent } from '../support/sip-agent';
import { sippPorts, startSipp } from '../support/sipp';
import { command, type AgentSocket, type TestRingside } from '../support/test-ringside';
import { until } from '../support/until';

const COMPLAINTS = '+18005550102';
/** The demo agents skilled for complaints, each with its talk time before hanging up. */
const AGENTS = [
  { username: 'agent2', talkMs: 2000 },
  { username: 'agent3', talkMs: 2400 },
  { username: 'agent4', talkMs: 2800 },
] as const;
const PATIENT = 12;
const IMPATIENT = 8;
const CALLS = PATIENT + IMPATIENT;
const SIPP_DIR = resolve(import.meta.dirname, '../fixtures/sipp');

let t: TestRingside;
let kam: RunningKamailio;
const phones: TestPhone[] = [];
const stopSipp: (() => void)[] = [];

beforeAll(async () => {
  ({ t, kam } = await startTelephony({ pstnGateway: 'sip:127.0.0.2:5999', rtpengine: true }));
  // agents free up by themselves shortly after each call (no disposition needed)
  t.ringside.reference.updateQueueTimers('complaints', { wrapUpSec: 1, wrapUpMode: 'auto-close' });
});

logKamailioOnFailure(() => kam);

afterAll(async () => {
  for (const stop of stopSipp) stop();
  for (const phone of phones) await phone.stop();
  await kam?.stop();
  await t?.stop();
});

interface LoadAgent {
  username: string;
  id: number;
  socket: AgentSocket;
  phone: TestPhone;
  /** Call-IDs this agent's phone answered, in order. */
  answered: string[];
  /** The last state the bridge pushed to this agent's console. */
  pushed: AgentState | null;
}

/** An agent logged in (not ready yet) whose phone answers every call and hangs up after `talkMs`. */
async function loadAgent(username: string, talkMs: number): Promise<LoadAgent> {
  const { socket, phone } = await sipAgent(t, phones, username, false);
  const user = t.ringside.db.select().from(users).where(eq(users.username, username)).get();
  if (!user) throw new Error(`no user ${username}`);
  const agent: LoadAgent = { username, id: user.id, socket, phone, answered: [], pushed: null };
  socket.on('agent:state-changed', (state) => {
    agent.pushed = state;
  });
  const autoAnswer = phone.ua.delegate?.onInvite;
  phone.ua.delegate = {
    ...phone.ua.delegate,
    onInvite(invitation: Invitation) {
      autoAnswer?.(invitation);
      invitation.stateChange.addListener((state) => {
        if (state !== SessionState.Established) return;
        agent.answered.push(invitation.request.callId);
        setTimeout(() => void invitation.bye().catch(() => undefined), talkMs);
      });
    },
  };
  return agent;
}

interface SippRun {
  code: number | null;
  /** `<log>` lines of the scenario: "answered|abandoned;<Call-ID>;<caller>". */
  outcomes: { outcome: string; callId: string; caller: string }[];
  errors: string;
}

/** One SIPp trunk placing `callers.length` calls at once (one per CSV line), killed by pid if it overstays. */
async function runSipp(scenario: string, callers: string[]): Promise<SippRun> {
  const name = scenario.replace(/\.xml$/, '');
  const csv = join(t.dataDir, `${name}.csv`);
  const logFile = join(t.dataDir, `${name}.log`);
  writeFileSync(csv, ['SEQUENTIAL', ...callers.map((caller) => `${caller};`), ''].join('\n'));
  const n = String(callers.length);
  const ports = await sippPorts();
  const sipp = startSipp(
    [
      `127.0.0.1:${kam.sipPort}`,
      ...['-sf', join(SIPP_DIR, scenario), '-inf', csv, '-s', COMPLAINTS],
      ...['-m', n, '-l', n, '-r', n, '-rp', '1000'],
      ...['-i', '127.0.0.1', '-p', String(ports.signalling), '-mp', String(ports.media)],
      ...['-nostdin', '-timeout', '50s', '-timeout_error'],
      ...['-trace_logs', '-log_file', logFile],
    ],
    { cwd: t.dataDir, errorFile: join(t.dataDir, `${name}.errors`), patienceMs: 55_000 },
  );
  stopSipp.push(sipp.kill);
  const code = await sipp.exited;
  const outcomes = safeRead(logFile)
    .split('\n')
    .map((line) => line.trim().split(';'))
    .filter((fields) => fields.length === 3)
    .map(([outcome = '', callId = '', caller = '']) => ({ outcome, callId, caller }));
  return { code, outcomes, errors: sipp.errors() };
}

describe('Kamailio queue under load', () => {
  it(`${CALLS} concurrent SIPp calls, 3 auto-answering agents: every call answered or abandoned, recorded once; agents consistent`, async () => {
    const started = performance.now();
    const since = Date.now();
    const agents: LoadAgent[] = [];
    for (const { username, talkMs } of AGENTS) agents.push(await loadAgent(username, talkMs));
    const ours = () =>
      t.ringside.db
        .select()
        .from(interactions)
        .where(and(eq(interactions.serviceNumber, COMPLAINTS), gte(interactions.queuedAt, since)))
        .all();
    const callers = Array.from({ length: CALLS }, (_, i) => `2125550${String(300 + i)}`);

    const patient = runSipp('load-patient-caller.xml', callers.slice(0, PATIENT));
    await until(() => ours().length >= PATIENT, 20_000, 'the patient calls to queue');
    const impatient = runSipp('load-impatient-caller.xml', callers.slice(PATIENT));
    await until(() => ours().length >= CALLS, 20_000, `all ${CALLS} calls to queue`);
    // nobody is ready yet: every call that has not given up waits
    const abandonedEarly = ours().filter((row) => row.outcome === 'abandoned').length;
    expect(t.ringside.callCenter.waitingCount()).toBe(CALLS - abandonedEarly);
    for (const agent of agents)
      expect((await command(agent.socket, 'agent:set-state', { status: 'ready' })).ok).toBe(true);

    const [patientRun, impatientRun] = await Promise.all([patient, impatient]);
    expect(patientRun.code, patientRun.errors).toBe(0);
    expect(impatientRun.code, impatientRun.errors).toBe(0);
    const sipp = [...patientRun.outcomes, ...impatientRun.outcomes];
    expect(sipp.filter((call) => call.outcome === 'answered')).toHaveLength(PATIENT);
    expect(sipp.filter((call) => call.outcome === 'abandoned')).toHaveLength(IMPATIENT);
    expect(new Set(sipp.map((call) => call.callId)).size).toBe(CALLS);
    expect(new Set(sipp.map((call) => call.caller))).toEqual(new Set(callers));

    // the bridge learns of the last BYEs just after SIPp has answered them
    await until(() => ours().every((row) => row.endedAt !== null), 10_000, 'every interaction to end');
    const rows = ours();
    expect(rows).toHaveLength(CALLS);
    const byCallId = new Map(rows.map((row) => [row.pbxCallId, row]));
    expect(byCallId.size).toBe(CALLS);
    const tookCall = new Map(agents.flatMap((agent) => agent.answered.map((callId) => [callId, agent.id])));
    for (const call of sipp) {
      const row = byCallId.get(call.callId);
      expect(row, `interaction for ${call.callId}`).toBeDefined();
      if (!row) continue;
      expect(row.callerE164).toBe(`+1${call.caller}`);
      // an answered call whose 1 s auto-close wrap-up has run out is closed with no disposition
      if (row.outcome === 'completed') expect(row.wrapUpEnd).toBe('no-disposition');
      else expect(row.outcome).toBe(call.outcome);
      expect(call.outcome === 'answered' || row.outcome !== 'completed').toBe(true);
      expect(row.endedAt).not.toBeNull();
      if (call.outcome === 'answered') {
        expect(row.answeredAt).not.toBeNull();
        expect(row.talkMs).toBeGreaterThan(0);
        expect(row.endedAt ?? 0).toBeGreaterThan(row.answeredAt ?? Infinity);
        expect(row.agentId).toBe(tookCall.get(call.callId));
      } else {
        expect(row.answeredAt).toBeNull();
        expect(row.agentId).toBeNull();
      }
    }
    expect(tookCall.size).toBe(PATIENT);
    expect(agents.reduce((sum, agent) => sum + agent.answered.length, 0)).toBe(PATIENT);
    for (const agent of agents) expect(agent.answered.length, agent.username).toBeGreaterThan(0);
    // rtpengine stood between every plain-RTP offer and the WebRTC phones
    for (const sdp of agents.flatMap((agent) => agent.phone.remoteSdps))
      expect(sdp).toMatch(/m=audio \d+ UDP\/TLS\/RTP\/SAVPF/);
    expect(t.ringside.callCenter.waitingCount()).toBe(0);

    // no agent holds a call any more; each ends wrap-up (1 s) and is ready
    for (const agent of agents) {
      const { state, activeCall } = t.ringside.callCenter.snapshot(agent.id);
      expect(['ready', 'wrap-up'], agent.username).toContain(state.status);
      expect(activeCall?.answeredAt ?? null).toBeNull();
    }
    const floorState = (agent: LoadAgent) => t.ringside.callCenter.snapshot(agent.id).state;
    const settled = (agent: LoadAgent) =>
      floorState(agent).status === 'ready' && agent.pushed?.version === floorState(agent).version;
    await until(() => agents.every(settled), 10_000, 'agents ready, their consoles told');
    for (const agent of agents) expectConsistentAgent(agent, floorState(agent));

    const elapsed = ((performance.now() - started) / 1000).toFixed(1);
    const waits = rows.filter((row) => row.outcome === 'answered').map((row) => row.waitMs ?? 0);
    console.info(
      `kamailio queue load: ${CALLS} calls (${PATIENT} answered, ${IMPATIENT} abandoned), 3 agents ` +
        `(${agents.map((agent) => agent.answered.length).join('/')} calls), ${elapsed} s; ` +
        `longest answered wait ${Math.max(...waits)} ms`,
    );
  }, 90_000);
});

/**
 * The agent's state log is one strictly increasing version sequence ending at the live state, with exactly one
 * ring and one on-call entry per call the phone answered, and the console saw the same final state.
 */
function expectConsistentAgent(agent: LoadAgent, state: AgentState): void {
  const log = t.ringside.db
    .select()
    .from(agentStateLog)
    .where(eq(agentStateLog.userId, agent.id))
    .orderBy(asc(agentStateLog.id))
    .all();
  const versions = log.map((row) => row.version);
  for (let i = 1; i < versions.length; i++)
    expect(versions[i], `${agent.username} version after ${versions[i - 1]}`).toBeGreaterThan(
      versions[i - 1] ?? Infinity,
    );
  expect(log.at(-1)?.version).toBe(state.version);
  expect(log.at(-1)?.status).toBe('ready');
  const callsIn = (status: string) => log.filter((row) => row.status === status).map((row) => row.callId);
  expect(callsIn('on-call'), agent.username).toEqual(agent.answered);
  expect(callsIn('ringing'), agent.username).toEqual(agent.answered);
  expect(callsIn('wrap-up'), agent.username).toEqual(agent.answered);
  expect(agent.pushed?.version, agent.username).toBe(state.version);
  expect(agent.pushed?.status).toBe('ready');
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
