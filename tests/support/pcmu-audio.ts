/**
 * PCMU (G.711 μ-law) audio for plain-RTP callers played by SIPp: a pcap of a tone for `play_pcap_audio`, and the
 * level of a frequency in the RTP the caller receives (Goertzel: one FFT bin), to tell by ear what a party hears.
 */

/** A pcap (Ethernet/IPv4/UDP) of RTP PCMU at 8 kHz, 20 ms per packet, carrying a tone of `hz`. */
export function pcmuTonePcap(seconds: number, hz: number): Buffer {
  const samplesPerPacket = 160;
  const packets: Buffer[] = [];
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65_535, 16);
  header.writeUInt32LE(1, 20); // LINKTYPE_ETHERNET
  packets.push(header);
  const ssrc = 0x52494e48;
  for (let n = 0; n < seconds * 50; n++) {
    const rtp = Buffer.alloc(12 + samplesPerPacket);
    rtp[0] = 0x80;
    rtp[1] = 0; // PCMU
    rtp.writeUInt16BE(n % 65_536, 2);
    rtp.writeUInt32BE((n * samplesPerPacket) % 2 ** 32, 4);
    rtp.writeUInt32BE(ssrc, 8);
    for (let i = 0; i < samplesPerPacket; i++) {
      const sample = Math.round(8000 * Math.sin((2 * Math.PI * hz * (n * samplesPerPacket + i)) / 8000));
      rtp[12 + i] = muLaw(sample);
    }
    const udp = Buffer.alloc(8);
    udp.writeUInt16BE(6000, 0);
    udp.writeUInt16BE(6000, 2);
    udp.writeUInt16BE(8 + rtp.length, 4);
    const ip = Buffer.alloc(20);
    ip[0] = 0x45;
    ip.writeUInt16BE(20 + 8 + rtp.length, 2);
    ip[8] = 64;
    ip[9] = 17; // UDP
    Buffer.from([127, 0, 0, 1]).copy(ip, 12);
    Buffer.from([127, 0, 0, 1]).copy(ip, 16);
    ip.writeUInt16BE(ipChecksum(ip), 10);
    const ethernet = Buffer.alloc(14);
    ethernet.writeUInt16BE(0x0800, 12);
    const frame = Buffer.concat([ethernet, ip, udp, rtp]);
    const record = Buffer.alloc(16);
    record.writeUInt32LE(Math.floor(n / 50), 0);
    record.writeUInt32LE((n % 50) * 20_000, 4);
    record.writeUInt32LE(frame.length, 8);
    record.writeUInt32LE(frame.length, 12);
    packets.push(record, frame);
  }
  return Buffer.concat(packets);
}

/** RTP version 2 with payload type 0 (PCMU). */
export function isPcmuRtp(packet: Buffer): boolean {
  return packet.length > 12 && packet.readUInt8(0) >> 6 === 2 && (packet.readUInt8(1) & 0x7f) === 0;
}

/** The linear samples of a PCMU RTP packet (no header extensions or CSRCs expected from rtpengine). */
export function pcmuSamples(packet: Buffer): number[] {
  const csrcs = packet.readUInt8(0) & 0x0f;
  return [...packet.subarray(12 + 4 * csrcs)].map(muLawDecode);
}

/**
 * The level of `hz` in 8 kHz samples, dBFS (a full-scale sine is 0 dB): Goertzel over the whole window with a
 * Hann window, so a neighbouring tone leaks little into the bin.
 */
export function toneLevelDb(samples: readonly number[], hz: number): number {
  const n = samples.length;
  if (n === 0) return -Infinity;
  const coeff = 2 * Math.cos((2 * Math.PI * hz) / 8000);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const hann = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
    const s0 = ((samples[i] ?? 0) / 32_768) * hann + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  // a sine of amplitude A gives |X| = A * n / 4 under a Hann window
  const amplitude = (4 * Math.sqrt(Math.max(power, 0))) / n;
  return 20 * Math.log10(Math.max(amplitude, 1e-9));
}

/** G.711 μ-law of a 16-bit linear sample. */
function muLaw(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  const magnitude = Math.min(Math.abs(sample), 32_635) + 0x84;
  let exponent = 7;
  for (let mask = 0x4000; (magnitude & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (magnitude >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

function muLawDecode(byte: number): number {
  const u = ~byte & 0xff;
  const exponent = (u >> 4) & 0x07;
  const magnitude = (((u & 0x0f) << 3) + 0x84) << exponent;
  return u & 0x80 ? 0x84 - magnitude : magnitude - 0x84;
}

function ipChecksum(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < header.length; i += 2) sum += header.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
  return ~sum & 0xffff;
}
