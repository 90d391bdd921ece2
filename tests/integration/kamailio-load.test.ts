/**
 * 20 concurrent SIPp callers (plain SIP/UDP, through rtpengine) into one queue served by 3 agents whose phones
 * auto-answer: every call ends answered and recorded, none is lost or routed twice, agents end ready.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interactions, queues } from '../../db/schema';
import type { SipCredentials } from '../../cti-bridge/protocol/http.schema';
import { createLogger } from '../../cti-bridge/src/logger';
import { KamailioPbx } from '../../cti-bridge/src/pbx/kamailio/kamailio-pbx';
import {
  isRunning,
  kamailioEnv,
  kamailioPorts,
  startKamailio,
  type RunningKamailio,
} from '../support/kamailio';
import { createTestPhone, type TestPhone } from '../support/kamailio-phone';
import { command, startTestRingside, type AgentSocket, type TestRingside } from '../support/test-ringside';

const CALLS = 20;
let t: TestRingside;
let kam: RunningKamailio;
let pbx: KamailioPbx;
const phones: TestPhone[] = [];
const sockets: AgentSocket[] = [];

beforeAll(async () => {
  const ports = await kamailioPorts();
  pbx = new KamailioPbx({ evapi: { host: '127.0.0.1', port: ports.evapiPort }, log: createLogger('silent') });
  t = await startTestRingside(kamailioEnv(ports), { pbx });
  kam = await startKamailio({
    ports,
    dataDir: t.dataDir,
    pstnGateway: 'sip:127.0.0.2:5999',
    rtpengine: true,
  });
  const end = Date.now() + 5000;
  while (!pbx.isConnected() && Date.now() < end) await new Promise((done) => setTimeout(done, 20));
  // no wrap-up pause: an agent is ready for the next caller as soon as the call ends
  t.ringside.db.update(queues).set({ wrapUpSec: 0 }).run();
});

afterAll(async () => {
  for (const phone of phones) await phone.stop();
  await kam?.stop();
  await t?.stop();
});

async function autoAnswerAgent(username: string): Promise<void> {
  const login = await t.api<{ token: string; sip: SipCredentials }>('POST', '/api/auth/login', undefined, {
    username,
    password: 'ringside',
  });
  const socket = await t.connect(login.body.token);
  sockets.push(socket);
  const { sip } = login.body;
  const phone = createTestPhone({
    wsUri: sip.wsUri,
    aor: sip.aor,
    authorizationUsername: sip.authorizationUsername,
    password: sip.password,
  });
  phones.push(phone);
  await phone.register();
  expect((await command(socket, 'agent:set-state', { status: 'ready' })).ok).toBe(true);
}

describe('Kamailio under concurrent calls', () => {
  it(`serves ${CALLS} concurrent trunk calls with 3 agents; none lost, none duplicated`, async () => {
    for (const username of ['agent1', 'agent2', 'agent4']) await autoAnswerAgent(username);
    const started = Date.now();
    const code = await new Promise<number | null>((done, failed) => {
      const child = spawn(
        'sipp',
        [
          `127.0.0.1:${kam.sipPort}`,
          ...['-sf', resolve(import.meta.dirname, '../fixtures/sipp/uac-service-call.xml')],
          ...['-s', '+18005550101', '-key', 'caller', '2125550100', '-d', '500'],
          ...['-m', String(CALLS), '-l', String(CALLS), '-r', String(CALLS)],
          ...['-i', '127.0.0.1', '-nostdin', '-timeout', '60s', '-timeout_error'],
        ],
        { stdio: 'ignore' },
      );
      const guard = setTimeout(() => child.pid && process.kill(child.pid, 'SIGKILL'), 70_000);
      child.once('error', failed);
      child.once('exit', (exitCode) => {
        clearTimeout(guard);
        done(exitCode);
      });
    });
    const elapsed = Date.now() - started;
    expect(code).toBe(0);
    const rows = t.ringside.db
      .select()
      .from(interactions)
      .where(eq(interactions.serviceNumber, '+18005550101'))
      .all()
      .filter((row) => row.callerRaw.includes('2125550100'));
    expect(rows).toHaveLength(CALLS);
    expect(new Set(rows.map((row) => row.pbxCallId)).size).toBe(CALLS);
    for (const row of rows) {
      expect(row.answeredAt).not.toBeNull();
      expect(row.endedAt).not.toBeNull();
      expect(row.talkMs ?? 0).toBeGreaterThanOrEqual(200); // SIPp holds 500 ms; the answer event may lag under load
    }
    const waits = rows.map((row) => row.waitMs ?? 0).sort((a, b) => a - b);
    console.info(
      `kamailio load: ${CALLS} calls, 3 agents, ${elapsed} ms; queue wait median ${waits[CALLS / 2]} ms, max ${waits.at(-1)} ms`,
    );
    await new Promise((done) => setTimeout(done, 300));
    const states = await Promise.all(
      sockets.map((socket) => command(socket, 'agent:set-state', { status: 'ready' })),
    );
    for (const state of states) expect(state.ok && state.data.status).toBe('ready');
    const pid = kam.pid;
    await kam.stop();
    expect(isRunning(pid)).toBe(false);
  }, 90_000);
});
