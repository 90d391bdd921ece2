/**
 * Server-placed calls (`npx tsx tests/bench/server-calls-bench.ts`): the Kamailio adapter's dialer with real
 * Kamailio + rtpengine, SIPp as carrier (customers answer after 1 s and hang up 3 s later) and BENCH_DIALER_AGENTS
 * (10) auto-answering sip.js phones in Node (signalling only: they answer the WebRTC offer with plain RTP, so this
 * measures the SIP/rtpengine path, not a browser's ICE/DTLS). BENCH_DIALER_CALLS (100) calls are placed at
 * BENCH_DIALER_RATE (2) per second. Reported: customer 200 OK → ACK with the agent's answer (the customer is
 * connected), p50/p95/p99; calls connected, abandoned (no agent within the 2 s window), failed; the most calls
 * in flight. Benchmarks only: no test asserts on these timings.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Logger } from '../../cti-bridge/src/logger';
import { ensureDefaultAbandonMessage } from '../../cti-bridge/src/pbx/kamailio/abandon-message';
import { DIALER_USER, dialerHa1 } from '../../cti-bridge/src/pbx/kamailio/dialer-user-agent';
import { KamailioPbx } from '../../cti-bridge/src/pbx/kamailio/kamailio-pbx';
import type { PbxEvents } from '../../cti-bridge/src/pbx/pbx-adapter';
import { createSipSubscribersRepository } from '../../cti-bridge/src/repositories/sip-subscribers.repository';
import { kamailioPorts, startKamailio } from '../support/kamailio';
import { createTestPhone, type TestPhone } from '../support/kamailio-phone';
import { sippPorts, startSipp } from '../support/sipp';
import { until } from '../support/until';
import { latencyRow, markdownTable, valueRow, type BenchRow } from './bench-stats';

const DOMAIN = 'ringside.local';
const AGENTS = Number(process.env.BENCH_DIALER_AGENTS ?? 10);
const CALLS = Number(process.env.BENCH_DIALER_CALLS ?? 100);
const RATE = Number(process.env.BENCH_DIALER_RATE ?? 2);
const SCENARIO = resolve(import.meta.dirname, '../fixtures/sipp/uas-carrier.xml');

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ringside-dialer-bench-'));
  const subscribers = createSipSubscribersRepository(join(dataDir, 'kamailio-auth.sqlite'));
  const secret = 'bench-dialer-secret';
  subscribers.setHa1(
    DIALER_USER,
    DOMAIN,
    dialerHa1({ username: DIALER_USER, domain: DOMAIN, password: secret }),
  );
  const names = Array.from({ length: AGENTS }, (_, i) => `bench-agent-${i + 1}`);
  for (const name of names)
    subscribers.setHa1(name, DOMAIN, dialerHa1({ username: name, domain: DOMAIN, password: 'pw' }));
  subscribers.close();
  const ports = await kamailioPorts();
  const gateway = await sippPorts();
  const kam = await startKamailio({
    ports,
    dataDir,
    pstnGateway: `sip:127.0.0.2:${gateway.signalling}`,
    rtpengine: true,
    agents: 100,
  });
  const sipp = startSipp(
    [
      '-sf',
      SCENARIO,
      '-i',
      '127.0.0.2',
      '-p',
      String(gateway.signalling),
      '-mi',
      '127.0.0.2',
      '-mp',
      String(gateway.media),
      '-nostdin',
    ],
    { cwd: dataDir, errorFile: join(dataDir, 'sipp.errors'), patienceMs: 600_000 },
  );
  const phones: TestPhone[] = [];
  const connectMs: number[] = [];
  const outcomes = new Map<string, string>();
  const busy = new Map<number, string>();
  let inFlight = 0;
  let maxInFlight = 0;
  const free = (callId: string) => {
    for (const [agentId, id] of busy) if (id === callId) busy.delete(agentId);
  };
  const done = (callId: string) => {
    free(callId);
    inFlight--;
  };
  const log: Logger = {
    debug: (message, fields = {}) => {
      if (message === 'dialer: connected') connectMs.push(Number(fields['connectMs']));
    },
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
  };
  const events: PbxEvents = {
    inboundCall: () => undefined,
    transferredCall: () => undefined,
    callerHungUp: done,
    agentHungUp: done,
    answered: () => undefined,
    callInProgress: () => undefined,
    ringFailed: () => undefined,
    phoneBusy: () => undefined,
    phoneFree: () => undefined,
    dialRequested: (request) => ({ allowed: true, e164: request.to }),
    outboundProgress: (callId, progress) => {
      if (progress === 'ringing') return;
      outcomes.set(callId, progress);
      if (progress !== 'answered') done(callId);
    },
    agentForAnswered: (callId, _campaignId, tried) => {
      const agentId = names.map((_, i) => i + 1).find((id) => !busy.has(id) && !tried.includes(id));
      if (agentId === undefined) return null;
      busy.set(agentId, callId);
      return agentId;
    },
  };
  const message = ensureDefaultAbandonMessage(join(dataDir, 'abandon.wav'));
  const ngAddress = kam.rtpengineNg ?? { host: '127.0.0.1', port: 0 };
  const pbx = new KamailioPbx({
    evapi: { host: '127.0.0.1', port: ports.evapiPort },
    log,
    dialer: {
      wsUri: kam.wsUri,
      domain: DOMAIN,
      username: DIALER_USER,
      password: secret,
      rtpengineNg: ngAddress,
      messageFile: () => message,
    },
  });
  try {
    await pbx.start(events, {
      agentIdOf: (user) => names.indexOf(user) + 1 || null,
      sipUsernameOf: (agentId) => names[agentId - 1] ?? null,
    });
    await until(() => pbx.isConnected() && pbx.dialerConnected(), 15_000, 'the dialer connected');
    for (const name of names) {
      const phone = createTestPhone({
        wsUri: kam.wsUri,
        aor: `sip:${name}@${DOMAIN}`,
        authorizationUsername: name,
        password: 'pw',
      });
      phones.push(phone);
      await phone.register();
    }
    const started = Date.now();
    for (let i = 0; i < CALLS; i++) {
      const number = `+1202555${String(1000 + (i % 900))
        .padStart(4, '0')
        .slice(0, 3)}4`;
      pbx.originate({
        callId: `bench-${i}`,
        campaignId: 1,
        leadId: i + 1,
        attemptId: i + 1,
        to: number,
        callerId: '+12025550100',
        ringTimeoutMs: 15_000,
        agentId: null,
      });
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((next) => setTimeout(next, 1000 / RATE));
    }
    await until(() => inFlight <= 0, 60_000, 'every call ended');
    const count = (outcome: string) => [...outcomes.values()].filter((o) => o === outcome).length;
    const rows: BenchRow[] = [
      latencyRow(
        "customer 200 OK → ACK with the agent's answer",
        connectMs,
        `${AGENTS} agents (Node sip.js), ${RATE} calls/s`,
      ),
      valueRow(
        'calls connected / abandoned / failed',
        `${count('answered')} / ${count('abandoned')} / ${count('failed')}`,
        `of ${CALLS} in ${Math.round((Date.now() - started) / 1000)} s`,
      ),
      valueRow('most calls in flight', String(maxInFlight), 'placed and not yet ended'),
    ];
    const table = markdownTable(rows);
    console.info(table);
    mkdirSync('.bench', { recursive: true });
    writeFileSync(join('.bench', 'server-calls.md'), `${table}\n`);
  } finally {
    for (const phone of phones) await phone.stop();
    await pbx.stop();
    sipp.kill();
    await kam.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
