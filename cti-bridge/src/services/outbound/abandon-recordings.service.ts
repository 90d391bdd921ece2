import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { ABANDON_RECORDING_LIMITS, type CampaignView } from '../../../protocol/campaign.schema';
import { fail, ok, type Result } from '../../../protocol/errors';
import { readWavFormat, type WavFormat } from '../../domain/outbound/wav-format';
import type { Logger } from '../../logger';
import {
  abandonRecordingPath,
  type AbandonRecordingsStore,
} from '../../repositories/abandon-recordings.store';
import type { AuditRepository } from '../../repositories/audit.repository';
import type { CampaignsRepository } from '../../repositories/campaigns.repository';

const run = promisify(execFile);

/** Where uploaded recordings are kept: the data dir's `messages/uploads/`. */
export const abandonRecordingsDir = (dataDir: string) => join(dataDir, 'messages', 'uploads');

/** The uploaded recording rtpengine plays to this campaign's abandoned customers, or null (its text is spoken). */
export function abandonRecordingFile(dir: string, campaignId: number): string | null {
  const file = abandonRecordingPath(dir, campaignId);
  return existsSync(file) ? file : null;
}

/**
 * What an abandoned customer of a campaign hears: its uploaded recording when it has one, else `spoken` (its text
 * spoken, or the default message). Never waits: it runs inside the connect window.
 */
export const abandonMessageChooser =
  (dir: string, spoken: (text: string | null) => string) => (campaignId: number, text: string | null) =>
    abandonRecordingFile(dir, campaignId) ?? spoken(text);

/** sox: any WAV it reads → the 8 kHz mono 16-bit PCM WAV rtpengine's `play media` plays without resampling. */
export async function convertForTelephone(
  input: string,
  output: string,
): Promise<'ok' | 'no-sox' | 'failed'> {
  try {
    await run('sox', [input, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', output], {
      timeout: 30_000,
    });
    return 'ok';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no-sox' : 'failed';
  }
}

export interface UploadInput {
  campaignId: number;
  input: Readable;
  /** The file name as the user picked it (kept for display; never used as a path). */
  name: string;
  userId: number | null;
}

type Limits = { maxBytes: number; minMs: number; maxMs: number };

/**
 * A campaign's uploaded abandon message: the upload is checked as a WAV (its own header, not its name), within
 * the size and duration limits, converted by sox to what rtpengine's `play media` reads (8 kHz mono 16-bit PCM),
 * stored, and audited with who and when; removing it makes the campaign's spoken text the message again. Uploads
 * for one campaign run one at a time, so the stored file and the recorded metadata always describe the same upload.
 */
export function createAbandonRecordingsService(deps: {
  now: () => number;
  store: AbandonRecordingsStore;
  campaigns: CampaignsRepository;
  audit: AuditRepository;
  log: Logger;
  limits?: Limits;
}) {
  const { store, campaigns } = deps;
  const limits = deps.limits ?? ABANDON_RECORDING_LIMITS;
  const busy = new Map<number, Promise<unknown>>();

  /** One operation per campaign at a time. */
  function serial<T>(campaignId: number, work: () => Promise<T>): Promise<T> {
    const before = busy.get(campaignId) ?? Promise.resolve();
    const next = before.then(work, work);
    busy.set(campaignId, next);
    void next.finally(() => busy.get(campaignId) === next && busy.delete(campaignId)).catch(() => undefined);
    return next;
  }

  function audit(
    userId: number | null,
    campaignId: number,
    action: string,
    details: Record<string, unknown>,
  ) {
    deps.audit.record({
      at: deps.now(),
      actorUserId: userId,
      action,
      subject: `campaign:${campaignId}`,
      decision: 'done',
      details,
    });
  }

  async function store1(
    upload: UploadInput,
    bytes: Buffer,
    format: WavFormat,
  ): Promise<Result<CampaignView>> {
    const original = store.scratch('.in.wav');
    const converted = store.scratch('.8k.wav');
    try {
      await writeFile(original, bytes);
      const conversion = await convertForTelephone(original, converted);
      if (conversion === 'no-sox')
        return fail('NOT_AVAILABLE', 'sox is not installed on the bridge: recordings cannot be converted');
      if (conversion === 'failed') {
        deps.log.warn('abandon recording not converted', { campaignId: upload.campaignId });
        return fail('AUDIO_NOT_CONVERTED', 'sox could not read the audio of this WAV');
      }
      const played = readWavFormat(await readFile(converted));
      if (!played.ok) return fail('AUDIO_NOT_CONVERTED', `the converted file is unusable: ${played.why}`);
      const before = campaigns.findById(upload.campaignId)?.abandonRecording ?? null;
      const recording = {
        name: upload.name,
        durationMs: played.format.durationMs,
        bytes: bytes.byteLength,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        uploadedBy: upload.userId,
        uploadedAt: deps.now(),
      };
      store.put(upload.campaignId, converted);
      const view = campaigns.setAbandonRecording(upload.campaignId, recording, recording.uploadedAt);
      if (!view) {
        store.remove(upload.campaignId);
        return fail('NOT_FOUND', `no campaign ${upload.campaignId}`);
      }
      audit(upload.userId, upload.campaignId, 'campaign.abandon-recording.uploaded', {
        ...recording,
        sent: { formatTag: format.formatTag, channels: format.channels, sampleRate: format.sampleRate },
        replaced: before ? { name: before.name, sha256: before.sha256 } : null,
      });
      return ok(view);
    } finally {
      store.discard(original);
      store.discard(converted);
    }
  }

  return {
    /** The stored file for a campaign (what the dialer plays), or null. */
    fileOf: (campaignId: number) => abandonRecordingFile(store.dir, campaignId),

    async upload(upload: UploadInput): Promise<Result<CampaignView>> {
      if (!campaigns.findById(upload.campaignId)) {
        upload.input.resume();
        return fail('NOT_FOUND', `no campaign ${upload.campaignId}`);
      }
      const read = await readCapped(upload.input, limits.maxBytes);
      if (!read.ok) return fail('AUDIO_TOO_LARGE', `the file is over ${limits.maxBytes} bytes`);
      const wav = readWavFormat(read.bytes);
      if (!wav.ok) return fail('AUDIO_NOT_WAV', `not a usable WAV file: ${wav.why}`);
      const { durationMs } = wav.format;
      if (durationMs < limits.minMs)
        return fail('AUDIO_TOO_SHORT', `the recording lasts ${durationMs} ms; at least ${limits.minMs} ms`);
      if (durationMs > limits.maxMs)
        return fail('AUDIO_TOO_LONG', `the recording lasts ${durationMs} ms; at most ${limits.maxMs} ms`);
      return serial(upload.campaignId, () => store1(upload, read.bytes, wav.format));
    },

    remove(campaignId: number, userId: number | null): Promise<Result<CampaignView>> {
      return serial(campaignId, async () => {
        const before = campaigns.findById(campaignId);
        if (!before) return fail('NOT_FOUND', `no campaign ${campaignId}`);
        if (!before.abandonRecording) return fail('NOT_FOUND', `campaign ${campaignId} has no recording`);
        const view = campaigns.setAbandonRecording(campaignId, null, deps.now());
        store.remove(campaignId);
        const { name, sha256, durationMs } = before.abandonRecording;
        audit(userId, campaignId, 'campaign.abandon-recording.removed', { name, sha256, durationMs });
        return view ? ok(view) : fail('NOT_FOUND', `no campaign ${campaignId}`);
      });
    },

    /**
     * At start: files and records agree — a file without a record (a new database over an old data dir) is
     * deleted, a record without its file is forgotten (the campaign's text is spoken), scratch files are removed.
     */
    reconcile(): void {
      const recorded = new Set(campaigns.abandonRecordings().map((r) => r.campaignId));
      const { campaignIds, leftovers } = store.scan();
      for (const file of leftovers) store.discard(file);
      for (const campaignId of campaignIds) if (!recorded.has(campaignId)) store.remove(campaignId);
      for (const campaignId of recorded)
        if (!store.has(campaignId)) {
          deps.log.warn('abandon recording file missing: the spoken text plays', { campaignId });
          campaigns.setAbandonRecording(campaignId, null, deps.now());
        }
    },
  };
}

export type AbandonRecordingsService = ReturnType<typeof createAbandonRecordingsService>;

/**
 * The whole body, unless it is longer than `max` bytes: then the rest is read and dropped (nothing past `max` is
 * kept), so the client gets its answer on an intact connection.
 */
async function readCapped(
  input: Readable,
  max: number,
): Promise<{ ok: true; bytes: Buffer } | { ok: false }> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of input) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    total += buffer.byteLength;
    if (total <= max) chunks.push(buffer);
  }
  return total > max ? { ok: false } : { ok: true, bytes: Buffer.concat(chunks) };
}
