import { describe, expect, it } from 'vitest';
import { readWavFormat } from '../../../cti-bridge/src/domain/outbound/wav-format';
import { wavFile } from '../../support/wav';

/** The file with one more chunk (id, size, body padded to an even length) between its fmt and data chunks. */
function withChunkBefore(file: Buffer, id: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  const extra = Buffer.concat([head, body, Buffer.alloc(body.length % 2)]);
  const out = Buffer.concat([file.subarray(0, 36), extra, file.subarray(36)]);
  out.writeUInt32LE(out.length - 8, 4);
  return out;
}

describe('readWavFormat', () => {
  it('reads rate, channels and the duration from the data chunk', () => {
    const read = readWavFormat(wavFile({ rate: 44_100, channels: 2, seconds: 1.5 }));
    expect(read).toEqual({
      ok: true,
      format: {
        formatTag: 1,
        channels: 2,
        sampleRate: 44_100,
        bitsPerSample: 16,
        dataBytes: 264_600,
        durationMs: 1500,
      },
    });
  });

  it('skips chunks it does not need (LIST, odd-sized, padded) before the data', () => {
    const file = withChunkBefore(
      wavFile({ seconds: 2 }),
      'LIST',
      Buffer.from('INFOISFT abc'.padEnd(13, 'x')),
    );
    expect(readWavFormat(file)).toMatchObject({ ok: true, format: { durationMs: 2000 } });
  });

  it.each([0, 0xffffffff])(
    'takes what is in the file when a streamed recording left the data size %i',
    (size) => {
      const file = wavFile({ seconds: 2 });
      file.writeUInt32LE(size, 40);
      expect(readWavFormat(file)).toMatchObject({ ok: true, format: { durationMs: 2000 } });
    },
  );

  it.each([
    ['not RIFF', Buffer.from('ID3\u0003 an mp3 file here')],
    ['RIFF but not WAVE', Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('AVI LIST')])],
    ['no fmt chunk', Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVE')])],
    ['an MP3 in a WAV', wavFile({ seconds: 1, formatTag: 0x55 })],
    [
      'no sample rate',
      (() => {
        const f = wavFile({ seconds: 1 });
        f.writeUInt32LE(0, 24);
        return f;
      })(),
    ],
  ])('refuses %s', (_what, bytes) => {
    expect(readWavFormat(bytes).ok).toBe(false);
  });
});
