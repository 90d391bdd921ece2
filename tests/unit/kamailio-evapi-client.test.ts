import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../cti-bridge/src/logger';
import { EvapiClient } from '../../cti-bridge/src/pbx/kamailio/evapi-client';
import type { KamailioEvent } from '../../cti-bridge/src/pbx/kamailio/evapi-messages.schema';
import { encodeNetstring, NetstringDecoder } from '../../cti-bridge/src/pbx/kamailio/netstring';
import { until } from '../support/until';

/** A stand-in for Kamailio's evapi listener on port 0: records decisions, lets the test write raw bytes. */
async function fakeEvapi() {
  const sockets: Socket[] = [];
  const received: unknown[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    const decoder = new NetstringDecoder();
    socket.on('data', (chunk) => {
      for (const item of decoder.push(chunk)) if (item.ok) received.push(JSON.parse(item.payload));
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    sockets,
    received,
    write: (bytes: Buffer) => sockets.at(-1)?.write(bytes),
    close: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function client(port: number, lines: string[] = []) {
  const events: KamailioEvent[] = [];
  const c = new EvapiClient({
    host: '127.0.0.1',
    port,
    log: createLogger('warn', (line) => lines.push(line)),
    onEvent: (event) => events.push(event),
    minBackoffMs: 20,
    maxBackoffMs: 100,
  });
  cleanups.push(() => c.stop());
  c.start();
  return { c, events };
}

describe('evapi client', () => {
  it('delivers valid events from split and coalesced frames and drops malformed ones with a log line', async () => {
    const kam = await fakeEvapi();
    cleanups.push(kam.close);
    const lines: string[] = [];
    const { c, events } = client(kam.port, lines);
    await until(() => c.isConnected());
    const cancel = encodeNetstring(JSON.stringify({ event: 'cancel', callid: 'a' }));
    const bogus = encodeNetstring(JSON.stringify({ event: 'offer', callid: 'b' }));
    const notJson = encodeNetstring('{nope');
    const wire = Buffer.concat([cancel, bogus, notJson, cancel]);
    kam.write(wire.subarray(0, 7));
    await new Promise((done) => setTimeout(done, 20));
    kam.write(wire.subarray(7));
    await until(() => events.length === 2);
    expect(events.map((e) => e.event)).toEqual(['cancel', 'cancel']);
    expect(lines.filter((line) => line.includes('malformed event dropped'))).toHaveLength(2);
  });

  it('frames decisions as netstrings', async () => {
    const kam = await fakeEvapi();
    cleanups.push(kam.close);
    const { c } = client(kam.port);
    await until(() => c.isConnected());
    expect(c.send({ action: 'allow', tindex: 1, tlabel: 2 })).toBe(true);
    await until(() => kam.received.length === 1);
    expect(kam.received[0]).toEqual({ action: 'allow', tindex: 1, tlabel: 2 });
  });

  it('reconnects after Kamailio drops the connection, and reports sends while down as not sent', async () => {
    const kam = await fakeEvapi();
    cleanups.push(kam.close);
    const { c } = client(kam.port);
    await until(() => c.isConnected());
    kam.sockets[0]?.destroy();
    await until(() => !c.isConnected());
    expect(c.send({ action: 'allow', tindex: 1, tlabel: 2 })).toBe(false);
    await until(() => kam.sockets.length === 2 && c.isConnected());
  });

  it('keeps retrying while nothing listens yet', async () => {
    const probe = await fakeEvapi();
    const port = probe.port;
    await probe.close();
    const { c } = client(port);
    await new Promise((done) => setTimeout(done, 150));
    expect(c.isConnected()).toBe(false);
    const late = createServer((socket) => socket.on('error', () => undefined));
    await new Promise<void>((done) => late.listen(port, '127.0.0.1', () => done()));
    cleanups.push(async () => {
      late.close();
    });
    await until(() => c.isConnected());
  });

  it('says so when Kamailio refuses it (another bridge is connected), and gets in once that one is gone', async () => {
    let refusing = true;
    const accepted: Socket[] = [];
    const kam = createServer((socket) => {
      socket.on('error', () => undefined);
      if (refusing) {
        socket.destroy();
        return;
      }
      accepted.push(socket);
      socket.write(encodeNetstring(JSON.stringify({ event: 'synced' })));
    });
    await new Promise<void>((done) => kam.listen(0, '127.0.0.1', () => done()));
    cleanups.push(async () => {
      for (const socket of accepted) socket.destroy();
      await new Promise<void>((done) => kam.close(() => done()));
    });
    const address = kam.address();
    const lines: string[] = [];
    const { c, events } = client(typeof address === 'object' && address ? address.port : 0, lines);
    await until(() => lines.some((line) => line.includes('is another bridge connected?')));
    refusing = false;
    await until(() => c.isConnected() && events.some((event) => event.event === 'synced'));
  });
});
