/** Ports for the processes a test starts: free a moment ago, probed rather than assumed. */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer } from 'node:net';

/**
 * A port that was free a moment ago for both TCP and UDP: Kamailio listens on its SIP port with both, and
 * rtpengine's control port is UDP.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freeTcpPort();
    const udp = await bindUdp(port).catch(() => null);
    udp?.close();
    if (udp) return port;
  }
  throw new Error('no port free for both TCP and UDP');
}

function freeTcpPort(): Promise<number> {
  return new Promise((done, failed) => {
    const server = createServer();
    server.once('error', failed);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** A random port below Linux's default ephemeral range (32768–60999), above the well-known services. */
export function portBelowEphemeralRange(): number {
  return 20_000 + Math.floor(Math.random() * 12_000);
}

/**
 * A TCP port below Linux's ephemeral range (32768–60999), free a moment ago: for a server that must come back on
 * the same port (the kernel never hands it out as the local port of an outgoing connection meanwhile).
 */
export async function stableTcpPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = portBelowEphemeralRange();
    const free = await new Promise<boolean>((done) => {
      const server = createServer();
      server.once('error', () => done(false));
      server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
    });
    if (free) return port;
  }
  throw new Error('no stable TCP port free');
}

export function bindUdp(port: number): Promise<UdpSocket> {
  return new Promise((done, failed) => {
    const socket = createSocket('udp4');
    socket.once('error', failed);
    socket.bind(port, '127.0.0.1', () => done(socket));
  });
}
