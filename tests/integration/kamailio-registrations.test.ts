/**
 * A real Kamailio started as kamailio/pbx.sh starts it, with its default sizing (RINGSIDE_PBX_AGENTS 1,000),
 * holds a thousand agents' phones at once: 1,000 WebSocket connections, each REGISTERed with digest credentials
 * from Kamailio's subscriber table (the HA1 the bridge writes at login, written here directly: logging 1,000
 * agents in through the bridge would measure password hashing, not the SIP edge). Every REGISTER is answered
 * 200 and Kamailio logs no failed allocation. At Kamailio's own 64 MB of shared memory about 750 get in and the
 * rest are refused (500, or the connection closed): `RINGSIDE_KAMAILIO_SHM_MB=64` makes this test fail.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSipSubscribersRepository } from '../../cti-bridge/src/repositories/sip-subscribers.repository';
import {
  kamailioPorts,
  logKamailioOnFailure,
  startKamailio,
  type RunningKamailio,
} from '../support/kamailio';
import {
  closeAll,
  registerMany,
  registerOverWebSocket,
  sipHa1,
  type Registration,
} from '../support/kamailio-register';

const AGENTS = 1000;
const DOMAIN = 'ringside.local';
const usernames = Array.from({ length: AGENTS }, (_, i) => `agent${i + 1}`);
const passwordOf = (username: string) => `secret-of-${username}`;

let dataDir: string;
let kam: RunningKamailio | undefined;
let registrations: Registration[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ringside-registrations-'));
  const subscribers = createSipSubscribersRepository(join(dataDir, 'kamailio-auth.sqlite'));
  for (const username of usernames)
    subscribers.setHa1(username, DOMAIN, sipHa1(username, DOMAIN, passwordOf(username)));
  subscribers.close();
  kam = await startKamailio({ ports: await kamailioPorts(), dataDir, pstnGateway: 'sip:127.0.0.2:5999' });
});

logKamailioOnFailure(() => kam);

afterAll(async () => {
  closeAll(registrations);
  await kam?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

it('registers 1,000 agents at once with the default sizing, none refused for memory', async () => {
  if (!kam) throw new Error('Kamailio did not start');
  registrations = await registerMany({
    wsUri: kam.wsUri,
    domain: DOMAIN,
    usernames,
    passwordOf,
    concurrency: 50,
  });

  const refused = new Map<string, number>();
  for (const r of registrations.filter((r) => r.status !== 200)) {
    const why = `${r.status} ${r.reason}`;
    refused.set(why, (refused.get(why) ?? 0) + 1);
  }
  expect(Object.fromEntries(refused)).toEqual({});
  expect(new Set(registrations.map((r) => r.username)).size).toBe(AGENTS);
  expect(kam.log()).not.toMatch(/could not allocate|allocating shared memory|out of memory/i);
  // the phones are still connected, so Kamailio still holds their contacts
  expect(registrations.every((r) => r.socket.readyState === r.socket.OPEN)).toBe(true);
}, 60_000);

it('holds one phone per agent: a second sign-in replaces the first contact, so a call never forks to both', async () => {
  if (!kam) throw new Error('Kamailio did not start');
  const first = registrations.find((r) => r.username === 'agent1');
  expect(first?.contacts).toHaveLength(1);
  const again = await registerOverWebSocket({
    wsUri: kam.wsUri,
    domain: DOMAIN,
    username: 'agent1',
    password: passwordOf('agent1'),
  });
  registrations.push(again);
  expect(again.status).toBe(200);
  expect(again.contacts).toHaveLength(1);
  expect(again.contacts[0]).not.toBe(first?.contacts[0]);
}, 30_000);
