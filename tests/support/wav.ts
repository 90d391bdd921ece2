/**
 * WAV files for the upload tests: a tone (or silence) of any rate, channel count and duration, with the header
 * fields overridable to make broken files.
 */
export interface WavSpec {
  rate?: number;
  channels?: number;
  seconds: number;
  /** Hz of the tone; 0: silence. */
  toneHz?: number;
  /** WAVE format tag in the header (1 PCM). */
  formatTag?: number;
  /** bits per sample written in the header (the data is 16-bit whatever this says). */
  bitsField?: number;
}

export function wavFile(spec: WavSpec): Buffer {
  const rate = spec.rate ?? 8000;
  const channels = spec.channels ?? 1;
  const frames = Math.round(rate * spec.seconds);
  const data = Buffer.alloc(frames * channels * 2);
  const hz = spec.toneHz ?? 440;
  for (let i = 0; i < frames; i++) {
    const sample = hz === 0 ? 0 : Math.round(Math.sin((2 * Math.PI * hz * i) / rate) * 0.3 * 32767);
    for (let c = 0; c < channels; c++) data.writeInt16LE(sample, (i * channels + c) * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(spec.formatTag ?? 1, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * channels * 2, 28);
  header.writeUInt16LE(channels * 2, 32);
  header.writeUInt16LE(spec.bitsField ?? 16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
