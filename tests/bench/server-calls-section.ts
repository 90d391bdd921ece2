/**
 * Bench section: server-placed calls through real Kamailio + rtpengine, SIPp as carrier and customers (answer after
 * 1 s, hang up 3 s after the ACK), BENCH_DIALER_AGENTS (10) auto-answering Node sip.js agents with plain RTP on a
 * real UDP socket each (rtp-phone.ts: no browser ICE/DTLS). Three runs on one Kamailio, one bridge (the adapter
 * in this process):
 * 1. BENCH_DIALER_CALLS (100) server-placed calls at 2/s: customer 200 OK at the bridge → first RTP packet at the
 *    agent's socket (the customer's audio relayed by rtpengine), and dial → first RTP;
 * 2. agent-dialled progressive, 20 calls: the agent's phone INVITEs the customer through Kamailio's edge gate;
 *    dial → first RTP, the same clock (Date.now in this process);
 * 3. load steps of BENCH_DIALER_STEP_S (10) s at rising rates with the same 10 agents: the most calls in flight,
 *    and customer 200 OK → their ACK (the connect window: an agent, or the abandon message, within 2 s).
 * BENCH_SERVER_CALLS=0 skips it; BENCH_ONLY=server-calls runs only it. Benchmarks only: tests never assert on it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Logger } from '../../cti-bridge/src/logger';
import { toneWav } from '../../cti-bridge/src/pbx/kamailio/abandon-message';
import { DIALER_USER, dialerHa1 } from '../../cti-bridge/src/pbx/kamailio/dialer-user-agent';
import { KamailioPbx } from '../../cti-bridge/src/pbx/kamailio/kamailio-pbx';
import type { PbxEvents } from '../../cti-bridge/src/pbx/pbx-adapter';
import { createSipSubscribersRepository } from '../../cti-bridge/src/repositories/sip-subscribers.repository';
import { kamailioPorts, startKamailio } from '../support/kamailio';
import { sippPorts, startSipp } from '../support/sipp';
import { until } from '../support/until';
import { latency, latencyRow, markdownTable, ms, valueRow, type BenchRow } from './bench-stats';
import { createRtpPhone, type RtpPhone } from './rtp-phone';

const DOMAIN = 'ringside.local';
const SCENARIO = resolve(import.meta.dirname, '../fixtures/sipp/uas-carrier.xml');
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

const agentsCount = () => Number(process.env.BENCH_DIALER_AGENTS ?? 10);
const callsCount = () => Number(process.env.BENCH_DIALER_CALLS ?? 100);
const stepSeconds = () => Number(process.env.BENCH_DIALER_STEP_S ?? 10);
const STEP_RATES = [5, 10, 20];

export function serverCallsSkipReason(): string | null {
  if (process.env.BENCH_SERVER_CALLS === '0') return 'skipped (BENCH_SERVER_CALLS=0)';
  return null;
}

export async function serverCallsSection(say: (message: string) => void): Promise<string[]> {
  const skip = serverCallsSkipReason();
  if (skip) return [`### Server-placed calls: ${skip}`];
  const agents = agentsCount();
  const dataDir = mkdtempSync(join(tmpdir(), 'ringside-dialer-bench-'));
  const subscribers = createSipSubscribersRepository(join(dataDir, 'kamailio-auth.sqlite'));
  const secret = 'bench-dialer-secret';
  subscribers.setHa1(
    DIALER_USER,
    DOMAIN,
    dialerHa1({ username: DIALER_USER, domain: DOMAIN, password: secret }),
  );
  const names = Array.from({ length: agents }, (_, i) => `bench-agent-${i + 1}`);
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
      ...['-sf', SCENARIO, '-i', '127.0.0.2', '-p', String(gateway.signalling)],
      ...['-mi', '127.0.0.2', '-mp', String(gateway.media), '-nostdin', '-aa'],
    ],
    { cwd: dataDir, errorFile: join(dataDir, 'sipp.errors'), patienceMs: 600_000 },
  );
  // what the bridge logs per call: when the customer's 200 OK came, and when they were ACKed (agent or message)
  const pickedUpAt = new Map<string, number>();
  const ackMs = new Map<string, number>();
  const log: Logger = {
    debug: (message, fields = {}) => {
      const callId = String(fields['callId']);
      if (message === 'dialer: connected') pickedUpAt.set(callId, Number(fields['pickedUpAt']));
      if (message === 'dialer: connected' || message === 'dialer: message answer')
        ackMs.set(callId, Number(fields['connectMs']));
    },
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
  };
  const outcomes = new Map<string, string>();
  const busy = new Map<number, string>();
  const live = new Set<string>();
  let maxLive = 0;
  const done = (callId: string) => {
    for (const [agentId, id] of busy) if (id === callId) busy.delete(agentId);
    live.delete(callId);
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
      if (callId.startsWith('bench-')) outcomes.set(callId, progress);
      if (progress !== 'answered') done(callId);
    },
    agentForAnswered: (callId, _campaignId, tried) => {
      const agentId = names.map((_, i) => i + 1).find((id) => !busy.has(id) && !tried.includes(id));
      if (agentId === undefined) return null;
      busy.set(agentId, callId);
      return agentId;
    },
  };
  const message = join(dataDir, 'abandon.wav');
  writeFileSync(message, toneWav());
  const pbx = new KamailioPbx({
    evapi: { host: '127.0.0.1', port: ports.evapiPort },
    log,
    dialer: {
      wsUri: kam.wsUri,
      domain: DOMAIN,
      username: DIALER_USER,
      password: secret,
      rtpengineNg: kam.rtpengineNg ?? { host: '127.0.0.1', port: 0 },
      messageFile: () => message,
    },
  });
  const phones: RtpPhone[] = [];
  let seq = 0;
  const place = () => {
    seq++;
    const callId = `bench-${seq}`;
    pbx.originate({
      callId,
      campaignId: 1,
      leadId: seq,
      attemptId: seq,
      to: `+1202555${String(1000 + (seq % 900)).slice(0, 3)}4`,
      callerId: '+12025550100',
      ringTimeoutMs: 15_000,
      agentId: null,
    });
    live.add(callId);
    maxLive = Math.max(maxLive, live.size);
    return { callId, at: Date.now() };
  };
  try {
    await pbx.start(events, {
      agentIdOf: (user) => names.indexOf(user) + 1 || null,
      sipUsernameOf: (agentId) => names[agentId - 1] ?? null,
    });
    await until(() => pbx.isConnected() && pbx.dialerConnected(), 15_000, 'the dialer connected');
    for (const name of names) {
      const phone = createRtpPhone({
        wsUri: kam.wsUri,
        aor: `sip:${name}@${DOMAIN}`,
        user: name,
        password: 'pw',
      });
      phones.push(phone);
      await phone.register();
    }
    const firstRtp = (callId: string) =>
      phones.map((p) => p.firstRtp.get(callId)).find((t) => t !== undefined);

    // 1. server-placed, 2 calls/s
    const calls = callsCount();
    say(`Server-placed calls: ${calls} at 2/s to ${agents} agents…`);
    const placed: { callId: string; at: number }[] = [];
    for (let i = 0; i < calls; i++) {
      placed.push(place());
      await sleep(500);
    }
    await until(() => live.size === 0, 60_000, 'every server-placed call ended');
    const okToRtp: number[] = [];
    const dialToRtp: number[] = [];
    for (const call of placed) {
      const rtp = firstRtp(call.callId);
      const ok = pickedUpAt.get(call.callId);
      if (rtp === undefined || ok === undefined) continue;
      okToRtp.push(rtp - ok);
      dialToRtp.push(rtp - call.at);
    }
    const count = (outcome: string, ids: string[]) => ids.filter((id) => outcomes.get(id) === outcome).length;
    const firstIds = placed.map((c) => c.callId);
    const rows: BenchRow[] = [
      latencyRow(
        'server-placed: customer 200 OK → first RTP at the agent',
        okToRtp,
        `${agents} agents, 2 calls/s; Node agents, plain RTP (no browser ICE/DTLS)`,
      ),
      latencyRow(
        'server-placed: dial → first RTP at the agent',
        dialToRtp,
        'includes the customer ringing 1 s',
      ),
      valueRow(
        'server-placed: connected / abandoned / failed',
        `${count('answered', firstIds)} / ${count('abandoned', firstIds)} / ${count('failed', firstIds)}`,
        `of ${calls}; at most ${maxLive} in flight`,
      ),
    ];

    // 2. agent-dialled progressive: the agent's phone dials, Kamailio's edge gate asks this bridge, then the gateway
    say('Agent-dialled progressive calls: 20…');
    const dialled: { sipCallId: string; phone: RtpPhone; at: number }[] = [];
    for (let i = 0; i < 20; i++) {
      const phone = phones[i % phones.length] as RtpPhone;
      const at = Date.now();
      const sipCallId = phone.dial(`sip:+1202555${String(100 + i).slice(0, 3)}4@${DOMAIN}`);
      dialled.push({ sipCallId, phone, at });
      await sleep(500);
    }
    await until(
      () => dialled.every((d) => d.phone.firstRtp.has(d.sipCallId)),
      20_000,
      'first RTP on every agent-dialled call',
    ).catch(() => undefined);
    const agentDialToRtp = dialled.flatMap((d) => {
      const rtp = d.phone.firstRtp.get(d.sipCallId);
      return rtp === undefined ? [] : [rtp - d.at];
    });
    rows.push(
      agentDialToRtp.length > 0
        ? latencyRow(
            'agent-dialled progressive: dial → first RTP at the agent',
            agentDialToRtp,
            'includes the customer ringing 1 s; same run',
          )
        : valueRow('agent-dialled progressive: dial → first RTP at the agent', 'no RTP', 'see Kamailio log'),
    );
    await sleep(5000); // the customers hang up 3 s after answering

    // 3. load steps: calls in flight, and whether the 2 s window still holds
    for (const rate of STEP_RATES) {
      say(`Load step: ${rate} calls/s for ${stepSeconds()} s…`);
      maxLive = live.size;
      const step: string[] = [];
      const end = Date.now() + stepSeconds() * 1000;
      while (Date.now() < end) {
        step.push(place().callId);
        await sleep(1000 / rate);
      }
      await until(() => live.size === 0, 90_000, `every call of the ${rate}/s step ended`).catch(
        () => undefined,
      );
      const acks = step.flatMap((id) => (ackMs.has(id) ? [ackMs.get(id) ?? 0] : []));
      const late = acks.filter((a) => a > 2000).length;
      const summary = acks.length > 0 ? latency(acks) : null;
      rows.push({
        measurement: `load ${rate} calls/s: customer 200 OK → ACK (agent or message)`,
        n: acks.length,
        p50: summary ? ms(summary.p50) : '–',
        p95: summary ? ms(summary.p95) : '–',
        p99: summary ? ms(summary.p99) : '–',
        note:
          `${step.length} placed, at most ${maxLive} in flight; ${count('answered', step)} connected, ` +
          `${count('abandoned', step)} abandoned, ${count('failed', step)} failed; ${late} ACKed after 2 s`,
      });
    }
    return ['### Server-placed calls (Kamailio + rtpengine + SIPp, one bridge)', '', markdownTable(rows)];
  } finally {
    for (const phone of phones) await phone.stop();
    await pbx.stop();
    sipp.kill();
    await kam.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
