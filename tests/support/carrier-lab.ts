/**
 * The lab of the server-placed call tests: Kamailio with rtpengine in its own data dir (the dialer and the agents
 * provisioned in its auth db), SIPp as the carrier on 127.0.0.2 playing a scenario.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dialerHa1 } from '../../cti-bridge/src/pbx/kamailio/dialer-user-agent';
import { createSipSubscribersRepository } from '../../cti-bridge/src/repositories/sip-subscribers.repository';
import { kamailioPorts, startKamailio, type RunningKamailio } from './kamailio';
import { sippPorts, startSipp, type SippRun } from './sipp';

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
