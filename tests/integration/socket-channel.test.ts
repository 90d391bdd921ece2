/**
 * `emitWritten`, which the ring waits for so the pop reaches the console with or before it: a real socket.io
 * server on port 0 with a real client. An idle connection takes the frame at once; one still writing a large
 * frame holds it until that one is through, and the promise waits with it.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentRoom, socketChannel, type RingsideServer } from '../../cti-bridge/src/server/socket-server';

const AGENT = 7;
let http: HttpServer;
let io: RingsideServer;
let client: Socket;

beforeAll(async () => {
  http = createServer();
  io = new Server(http) as RingsideServer;
  io.on('connection', (socket) => void socket.join(agentRoom(AGENT)));
  await new Promise<void>((done) => http.listen(0, '127.0.0.1', () => done()));
  client = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'] });
  await new Promise<void>((done) => client.once('connect', () => done()));
  await new Promise((done) => setTimeout(done, 50)); // the join runs after the client's connect
});

afterAll(async () => {
  client.disconnect();
  await io.close();
});

const turn = () => new Promise((done) => setImmediate(done));

describe('socketChannel.emitWritten', () => {
  it('resolves within the same loop turn on an idle connection', async () => {
    const received = new Promise((done) => client.once('call:held', done));
    let written = false;
    void socketChannel(io)
      .emitWritten(AGENT, 'call:held', { callId: 'c1', held: true })
      .then(() => (written = true));
    await turn();
    expect(written).toBe(true);
    expect(await received).toEqual({ callId: 'c1', held: true });
  });

  it('waits while an earlier, large frame is still being written, then the client gets both in order', async () => {
    const order: string[] = [];
    client.once('filler', () => order.push('filler'));
    const received = new Promise<void>((done) =>
      client.once('call:held', () => {
        order.push('call:held');
        done();
      }),
    );
    // 8 MB: the transport stays busy past this loop turn, so the next frame has to queue behind it
    (io.to(agentRoom(AGENT)).emit as (event: string, payload: string) => void)('filler', 'x'.repeat(8e6));
    let written = false;
    const promise = socketChannel(io)
      .emitWritten(AGENT, 'call:held', { callId: 'c2', held: false })
      .then(() => (written = true));
    await Promise.resolve();
    expect(written).toBe(false);
    await promise;
    await received;
    expect(order).toEqual(['filler', 'call:held']);
  });

  it('resolves at once for an agent with no console', async () => {
    await expect(socketChannel(io).emitWritten(99, 'call:held', { callId: 'c3', held: true })).resolves.toBe(
      undefined,
    );
  });
});
