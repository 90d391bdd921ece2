/**
 * What a WAV file says about itself (RIFF/WAVE: the `fmt ` chunk and the size of the `data` chunk), read from its
 * bytes without trusting the file name or the content type. Pure: the upload checks it before anything runs sox.
 */
export interface WavFormat {
  /** WAVE format tag: 1 PCM, 3 IEEE float, 6 A-law, 7 µ-law, 0xFFFE extensible. */
  formatTag: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** Bytes of audio in the `data` chunk. */
  dataBytes: number;
  durationMs: number;
}

export type WavRead = { ok: true; format: WavFormat } | { ok: false; why: string };

/** The encodings sox reads and a telephone message can sensibly come in. */
const KNOWN_FORMATS = new Set([1, 3, 6, 7, 0xfffe]);

/** Reads the header of a whole WAV file; anything else (or a damaged header) is refused with why. */
export function readWavFormat(bytes: Uint8Array): WavRead {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.byteLength < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE')
    return { ok: false, why: 'not a RIFF/WAVE file' };
  let fmt: Omit<WavFormat, 'dataBytes' | 'durationMs'> | null = null;
  let blockAlign = 0;
  let at = 12;
  while (at + 8 <= bytes.byteLength) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.byteLength) return { ok: false, why: 'fmt chunk too short' };
      fmt = {
        formatTag: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
      blockAlign = view.getUint16(body + 12, true);
    } else if (id === 'data') {
      if (!fmt) return { ok: false, why: 'data before fmt' };
      // a streamed recording may leave the size unset (0 or 0xFFFFFFFF): what is in the file is the audio
      const dataBytes = size === 0 || size > bytes.byteLength - body ? bytes.byteLength - body : size;
      return check(fmt, blockAlign, dataBytes);
    }
    at = body + size + (size % 2);
  }
  return { ok: false, why: fmt ? 'no data chunk' : 'no fmt chunk' };
}

function check(
  fmt: Omit<WavFormat, 'dataBytes' | 'durationMs'>,
  blockAlign: number,
  dataBytes: number,
): WavRead {
  if (!KNOWN_FORMATS.has(fmt.formatTag)) return { ok: false, why: `encoding ${fmt.formatTag} not supported` };
  if (fmt.channels < 1 || fmt.channels > 8) return { ok: false, why: `${fmt.channels} channels` };
  if (fmt.sampleRate < 4000 || fmt.sampleRate > 192_000)
    return { ok: false, why: `sample rate ${fmt.sampleRate} Hz` };
  if (blockAlign < 1) return { ok: false, why: 'block size 0' };
  const frames = Math.floor(dataBytes / blockAlign);
  return {
    ok: true,
    format: { ...fmt, dataBytes, durationMs: Math.round((frames * 1000) / fmt.sampleRate) },
  };
}
