/**
 * Child process for the login bench, on the data directory in argv[2]:
 * - `after` (argv[3]): a real Ringside (sim PBX, demo users, no customers) — logins as the product runs them.
 * - `before`: the login as it was before password checks left the event loop — the same users table and the
 *   same scrypt cost, verified with scryptSync on the request path — beside the same /api/health answer.
 * Speaks the bench bridge protocol (bench-bridge-ipc.ts).
 */
import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { createLogger } from '../../cti-bridge/src/logger';
import { SimPbx } from '../../cti-bridge/src/pbx/sim/sim-pbx';
import { prepareDatabase } from '../../cti-bridge/src/repositories/database';
import { createUsersRepository } from '../../cti-bridge/src/repositories/users.repository';
import { startRingside } from '../../cti-bridge/src/ringside';
import { hashPassword } from '../../cti-bridge/src/server/password-hash';
import { benchBridgeConfig, runChild, sendToParent, serveParent } from './bench-bridge-ipc';

/** The synchronous verification the bridge used before (same format and cost as password-hash.ts). */
function verifySync(password: string, stored: string): boolean {
  const [, n, r, p, salt, hash] = stored.split('$');
  const expected = Buffer.from(hash ?? '', 'base64');
  const actual = scryptSync(password, Buffer.from(salt ?? '', 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(actual, expected);
}

async function startBefore(dataDir: string) {
  const config = benchBridgeConfig(dataDir, { RINGSIDE_DEMO: '1', RINGSIDE_DEMO_CUSTOMERS: '0' });
  const { db } = await prepareDatabase({
    file: config.databaseFile,
    demo: true,
    demoCustomers: 0,
    locale: 'en',
    hashPassword,
    now: Date.now(),
  });
  const users = createUsersRepository(db);
  const decoy = hashPassword(randomBytes(16).toString('hex'));
  const app = Fastify({ logger: false });
  app.get('/api/health', async () => ({ status: 'ok' }));
  app.post('/api/auth/login', async (request, reply) => {
    const { username, password } = request.body as { username: string; password: string };
    const user = users.findByUsername(username);
    if (!verifySync(password, user?.passwordHash ?? decoy) || !user)
      return reply
        .status(401)
        .send({ error: { code: 'UNAUTHENTICATED', message: 'wrong username or password' } });
    const token = randomBytes(32).toString('base64url');
    users.createSession(createHash('sha256').update(token).digest('hex'), user.id, Date.now() + 3_600_000);
    return { token };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    url,
    async stop() {
      await app.close();
      db.$client.close();
    },
  };
}

async function startAfter(dataDir: string) {
  const config = benchBridgeConfig(dataDir, { RINGSIDE_DEMO: '1', RINGSIDE_DEMO_CUSTOMERS: '0' });
  const sim = new SimPbx();
  return startRingside({ config, pbx: sim, simulator: sim, log: createLogger('silent') });
}

async function main(): Promise<void> {
  const [dataDir, mode] = process.argv.slice(2);
  if (!dataDir || (mode !== 'before' && mode !== 'after') || !process.send)
    throw new Error('usage: forked by the bench with the data directory and before|after');
  const server = mode === 'before' ? await startBefore(dataDir) : await startAfter(dataDir);
  serveParent(server);
  sendToParent({ type: 'ready', url: server.url });
}

runChild(main);
