/**
 * The lab of the server-placed call tests: Kamailio with rtpengine in its own data dir (the dialer and the agents
 * provisioned in its auth db), SIPp as the carrier on 127.0.0.2 playing a scenario (answering in-dialog INFO, as
 * the bridge's customer keepalive needs); and, through `startServerCallLab`, the Kamailio adapter with its dialer
 * on, its log captured, and auto-answering sip.js agents in Chromium — one setup for every carrier test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Logger } from '../../cti-bridge/src/logger';
import { ensureDefaultAbandonMessage } from '../../cti-bridge/src/pbx/kamailio/abandon-message';
import { dialerHa1 } from '../../cti-bridge/src/pbx/kamailio/dialer-user-agent';
import { KamailioPbx, type KamailioDialerOptions } from '../../cti-bridge/src/pbx/kamailio/kamailio-pbx';
import { RtpengineNg } from '../../cti-bridge/src/pbx/kamailio/rtpengine-ng';
import type { OriginateRequest, PbxEvents } from '../../cti-bridge/src/pbx/pbx-adapter';
import { createSipSubscribersRepository } from '../../cti-bridge/src/repositories/sip-subscribers.repository';
import { openAgentPage, serveAgentPage } from './agent-page';
import { launchChromium } from './browser';
import { kamailioPorts, startKamailio, type RunningKamailio } from './kamailio';
import { sippPorts, startSipp, type SippRun } from './sipp';
import { stopInOrder, until } from './until';

export interface CarrierLabOptions {
  /** Prefix of the temporary data dir. */
  name: string;
  scenario: string;
  dialer: { username: string; password: string; domain: string };
  /** SIP users provisioned with the password 'pw'. */
  agents: readonly string[];
  /** More SIPp arguments (`-set name value` for the scenario's variables). */
  sippArgs?: readonly string[];
}

export interface CarrierLab {
  dataDir: string;
  kam: RunningKamailio;
  sipp: SippRun;
  /** rtpengine's control address. */
  ngAddress: NonNullable<RunningKamailio['rtpengineNg']>;
  /** A new SIPp on the same address and ports, with the same scenario (after a test killed the carrier). */
  restartSipp(): SippRun;
}

export async function startCarrierLab(options: CarrierLabOptions): Promise<CarrierLab> {
  const { dialer } = options;
  const dataDir = await mkdtemp(join(tmpdir(), options.name));
  const subscribers = createSipSubscribersRepository(join(dataDir, 'kamailio-auth.sqlite'));
  subscribers.setHa1(dialer.username, dialer.domain, dialerHa1(dialer));
  for (const user of options.agents)
    subscribers.setHa1(
      user,
      dialer.domain,
      dialerHa1({ username: user, domain: dialer.domain, password: 'pw' }),
    );
  subscribers.close();
  const ports = await kamailioPorts();
  const gateway = await sippPorts();
  const kam = await startKamailio({
    ports,
    dataDir,
    pstnGateway: `sip:127.0.0.2:${gateway.signalling}`,
    rtpengine: true,
    agents: 20,
  });
  const args = [
    ...['-sf', options.scenario, '-i', '127.0.0.2', '-p', String(gateway.signalling)],
    ...['-mi', '127.0.0.2', '-mp', String(gateway.media), '-nostdin', '-trace_msg'],
    // a carrier answers in-dialog INFO (200): the bridge's customer keepalive is on by default
    '-aa',
    ...(options.sippArgs ?? []),
  ];
  const sippRun = () =>
    startSipp(args, { cwd: dataDir, errorFile: join(dataDir, 'sipp.errors'), patienceMs: 150_000 });
  const sipp = sippRun();
  const ngAddress = kam.rtpengineNg;
  if (!ngAddress) {
    sipp.kill();
    await kam.stop();
    throw new Error('rtpengine not started');
  }
  return { dataDir, kam, sipp, ngAddress, restartSipp: sippRun };
}

export interface LogLine {
  message: string;
  fields: Record<string, unknown>;
}

/** The dialer's options a test chooses (credentials, WebSocket and rtpengine come from the lab). */
export type LabDialerOptions = Partial<
  Omit<KamailioDialerOptions, 'wsUri' | 'domain' | 'username' | 'password' | 'rtpengineNg'>
>;

export interface ServerCallLabOptions extends CarrierLabOptions {
  /** The fake hub's side of the seam. */
  events: PbxEvents;
  /** The dialer's options (the default abandon message when no `messageFile`), given the lab's data dir. */
  dialerOptions?: (dataDir: string, log: Logger) => LabDialerOptions;
  /** Open an auto-answering Chromium page per agent (default true). */
  browserAgents?: boolean;
  /** The originate request's defaults: its call ids `<callPrefix>-<n>`, attempt ids from `attemptBase + n`. */
  calls: { callPrefix: string; attemptBase: number; leadBase?: number; ringTimeoutMs?: number };
}

export interface ServerCallLab extends CarrierLab {
  /** The adapter; a test that stops it itself (a crash) sets it undefined. */
  pbx: KamailioPbx | undefined;
  /** rtpengine's control socket, for the test's queries. */
  ng: RtpengineNg;
  /** The agents' pages, in the order of `agents` (agent id = index + 1). */
  pages: Page[];
  browser: Browser | undefined;
  logLines: LogLine[];
  log: Logger;
  directory: { agentIdOf(user: string): number | null; sipUsernameOf(agentId: number): string | null };
  /** Places a call (`originate` must accept it); its bridge call id. */
  place(to: string, overrides?: Partial<OriginateRequest>): string;
  /** The page whose softphone has the call (Established only when asked). */
  whoHas(callId: string, established?: boolean): Promise<Page | undefined>;
  /** The last bridge log lines and SIPp's errors, for a failed test. */
  report(): void;
  stop(): Promise<void>;
}

/** The carrier lab, the Kamailio adapter with its dialer connected and its agents' browsers registered. */
export async function startServerCallLab(options: ServerCallLabOptions): Promise<ServerCallLab> {
  const carrier = await startCarrierLab(options);
  const logLines: LogLine[] = [];
  const log: Logger = {
    debug: () => undefined,
    info: (message, fields = {}) => logLines.push({ message, fields }),
    warn: (message, fields = {}) => logLines.push({ message, fields }),
    error: (message, fields = {}) => logLines.push({ message, fields }),
  };
  const directory = {
    agentIdOf: (user: string) => options.agents.indexOf(user) + 1 || null,
    sipUsernameOf: (agentId: number) => options.agents[agentId - 1] ?? null,
  };
  const chosen = options.dialerOptions?.(carrier.dataDir, log) ?? {};
  const messageFile =
    chosen.messageFile ??
    (
      (file: string) => () =>
        file
    )(ensureDefaultAbandonMessage(join(carrier.dataDir, 'messages', 'abandon.wav')));
  const ng = new RtpengineNg(carrier.ngAddress);
  let pageServer: Server | undefined;
  const lab: ServerCallLab = {
    ...carrier,
    pbx: new KamailioPbx({
      evapi: { host: '127.0.0.1', port: carrier.kam.evapiPort },
      log,
      dialer: {
        ...options.dialer,
        wsUri: carrier.kam.wsUri,
        rtpengineNg: carrier.ngAddress,
        ...chosen,
        messageFile,
      },
    }),
    ng,
    pages: [],
    browser: undefined,
    logLines,
    log,
    directory,
    place: (to, overrides = {}) => {
      const n = ++seq;
      const { callPrefix, attemptBase, leadBase = 100, ringTimeoutMs = 15_000 } = options.calls;
      const request: OriginateRequest = {
        callId: `${callPrefix}-${n}`,
        campaignId: 7,
        leadId: leadBase + n,
        attemptId: attemptBase + n,
        to,
        callerId: '+15550100999',
        ringTimeoutMs,
        agentId: null,
        ...overrides,
      };
      if (lab.pbx?.originate(request) !== true) throw new Error(`${request.callId} not placed`);
      return request.callId;
    },
    whoHas: async (callId, established = false) => {
      for (const page of lab.pages) {
        const calls = await page.evaluate(() => window.agent.calls());
        if (calls.some((c) => c.ringsideCall === callId && (!established || c.state === 'Established')))
          return page;
      }
      return undefined;
    },
    report: () => {
      console.error('bridge log', JSON.stringify(logLines.slice(-30)));
      console.error('sipp errors', lab.sipp.errors());
    },
    stop: () =>
      stopInOrder(
        () => lab.pbx?.stop(),
        () => ng.close(),
        () => lab.browser?.close(),
        () => pageServer?.close(),
        () => lab.sipp.kill(),
        () => carrier.kam.stop(),
        () => rm(carrier.dataDir, { recursive: true, force: true }),
      ),
  };
  let seq = 0;
  try {
    await lab.pbx?.start(options.events, directory);
    await until(() => Boolean(lab.pbx?.isConnected() && lab.pbx.dialerConnected()), 15_000, 'the dialer');
    if (options.browserAgents === false) return lab;
    lab.browser = await launchChromium();
    const served = await serveAgentPage();
    pageServer = served.server;
    for (const user of options.agents) {
      const sip = {
        wsUri: carrier.kam.wsUri,
        aor: `sip:${user}@${options.dialer.domain}`,
        user,
        password: 'pw',
      };
      lab.pages.push(await openAgentPage(lab.browser, served.url, sip));
    }
  } catch (error) {
    await lab.stop().catch(() => undefined);
    throw error;
  }
  return lab;
}
