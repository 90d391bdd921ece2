/**
 * A stop must end even while a client holds a request open: a restart waits for it, and the consoles wait for the
 * restart. Here a client sends half a request (its headers never end), as a stalled browser or proxy can.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { stableTcpPort } from '../support/ports';
import { startTestRingside, type TestRingside } from '../support/test-ringside';

const dataDir = mkdtempSync(join(tmpdir(), 'ringside-stop-'));
const running: TestRingside[] = [];
let stalled: Socket | null = null;

afterEach(async () => {
  stalled?.destroy();
  for (const t of running.splice(0)) await t.stop().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

it('stops while a client holds half a request, and a new bridge takes the same port', async () => {
  const port = await stableTcpPort();
  const first = await startTestRingside({ RINGSIDE_PORT: String(port) }, { dataDir });
  const socket = connect(port, '127.0.0.1');
  stalled = socket;
  await new Promise((connected) => socket.once('connect', connected));
  socket.write('GET /api/health HTTP/1.1\r\nHost: ringside\r\n');
  const cut = new Promise((closed) => socket.once('close', closed));

  await first.stop();
  await cut;

  const second = await startTestRingside({ RINGSIDE_PORT: String(port) }, { dataDir });
  running.push(second);
  expect(second.ringside.port).toBe(port);
  expect((await second.api('GET', '/api/health')).status).toBe(200);
}, 20_000);
