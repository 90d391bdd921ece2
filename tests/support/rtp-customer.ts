/**
 * A carrier's customer whose media is the test's own UDP socket: it talks (PCMU packets of a tone, every 20 ms, to
 * the rtpengine port of a call) and keeps every packet it is sent, with its SSRC and the port it came from — so a
 * test sees exactly whose audio reached the customer (the agent's stream, rtpengine's player) and when.
 */
import { createSocket, type Socket } from 'node:dgram';

export interface ReceivedRtp {
  /** rtpengine's port that sent it (one per call). */
  fromPort: number;
  ssrc: number;
  payloadType: number;
  at: number;
}

export interface RtpCustomer {
  port: number;
  received: ReceivedRtp[];
  /** Starts sending the customer's voice to rtpengine's port of a call (symmetric: from `port`). */
  talkTo(rtpenginePort: number, host?: string): void;
  stop(): void;
}

export async function startRtpCustomer(host = '127.0.0.2'): Promise<RtpCustomer> {
  const socket: Socket = createSocket('udp4');
  const received: ReceivedRtp[] = [];
  socket.on('message', (packet, from) => {
    if (packet.length < 12 || packet.readUInt8(0) >> 6 !== 2) return;
    const payloadType = packet.readUInt8(1) & 0x7f;
    // RTCP shares the port only with rtcp-mux (not offered here); skip its packet types anyway
    if (payloadType >= 72 && payloadType <= 76) return;
    received.push({ fromPort: from.port, ssrc: packet.readUInt32BE(8), payloadType, at: Date.now() });
  });
  await new Promise<void>((done) => socket.bind(0, host, () => done()));
  const timers: NodeJS.Timeout[] = [];
  return {
    port: socket.address().port,
    received,
    talkTo(rtpenginePort, to = '127.0.0.1') {
      let seq = 0;
      const ssrc = 0x43555354;
      const payload = Buffer.alloc(160);
      // a 440 Hz tone, μ-law coded once
      for (let i = 0; i < 160; i++)
        payload[i] = muLaw(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)));
      timers.push(
        setInterval(() => {
          const header = Buffer.alloc(12);
          header[0] = 0x80;
          header[1] = 0; // PCMU
          header.writeUInt16BE(seq % 65_536, 2);
          header.writeUInt32BE((seq * 160) % 2 ** 32, 4);
          header.writeUInt32BE(ssrc, 8);
          seq++;
          socket.send(Buffer.concat([header, payload]), rtpenginePort, to);
        }, 20),
      );
    },
    stop() {
      for (const timer of timers) clearInterval(timer);
      socket.close();
    },
  };
}

function muLaw(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  let magnitude = Math.min(Math.abs(sample), 32_635) + 0x84;
  let exponent = 7;
  for (let mask = 0x4000; (magnitude & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (magnitude >> (exponent + 3)) & 0x0f;
  magnitude = ~(sign | (exponent << 4) | mantissa) & 0xff;
  return magnitude;
}
