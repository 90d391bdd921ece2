/**
 * A TCP relay between a test's client and a server, that can make the client's machine vanish: `vanish()` stops
 * carrying bytes either way and closes nothing (no FIN, no RST reaches the server), as a power cut or a network
 * gone does; the server's socket stays open and its writes go nowhere. `stop()` ends everything.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface TcpRelay {
  port: number;
  vanish(): void;
  stop(): Promise<void>;
}

export async function startTcpRelay(target: { host: string; port: number }): Promise<TcpRelay> {
  const sockets: Socket[] = [];
  let gone = false;
  const server: Server = createServer((client) => {
    const upstream = createConnection(target);
    sockets.push(client, upstream);
    for (const socket of [client, upstream]) socket.on('error', () => undefined);
    client.on('data', (data) => void (gone || upstream.write(data)));
    upstream.on('data', (data) => void (gone || client.write(data)));
    client.on('close', () => void (gone || upstream.destroy()));
    upstream.on('close', () => void (gone || client.destroy()));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('relay not listening');
  return {
    port: address.port,
    vanish: () => {
      gone = true;
      for (const socket of sockets) socket.pause();
    },
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
