/**
 * A campaign's uploaded abandon message over the HTTP API: a WAV (checked by its own header) within the size and
 * duration limits is converted by sox to the 8 kHz mono 16-bit file rtpengine plays, stored, audited with who and
 * when, shown in the campaign, and played instead of the spoken text (`abandonRecordingFile`, what the dialer
 * asks); anything else is refused with its catalog code; removing it brings the spoken text back; a restart
 * keeps what the database names and drops what it does not.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { readWavFormat } from '../../cti-bridge/src/domain/outbound/wav-format';
import {
  abandonRecordingFile,
  abandonRecordingsDir,
} from '../../cti-bridge/src/services/outbound/abandon-recordings.service';
import { signInRoles, startTestRingside, type ApiError, type TestRingside } from '../support/test-ringside';
import { wavFile } from '../support/wav';

interface Recording {
  name: string;
  durationMs: number;
  bytes: number;
  sha256: string;
  uploadedBy: number | null;
  uploadedByName: string | null;
  uploadedAt: number;
}
interface Campaign {
  id: number;
  abandonMessage: string | null;
  abandonRecording: Recording | null;
}

let t: TestRingside;
let admin: string;
let supervisor: string;
let campaignId: number;

/** Sends a file as the upload's body; chunked (no Content-Length) when `streamed`. */
async function upload(
  body: Buffer,
  options: { token?: string; name?: string; type?: string; streamed?: boolean; id?: number } = {},
) {
  const query = new URLSearchParams({ name: options.name ?? 'greeting.wav' });
  const data = options.streamed
    ? new ReadableStream({
        start(controller) {
          for (let at = 0; at < body.length; at += 256 * 1024)
            controller.enqueue(body.subarray(at, at + 256 * 1024));
          controller.close();
        },
      })
    : body;
  const response = await fetch(
    `${t.url}/api/campaigns/${options.id ?? campaignId}/abandon-recording?${query}`,
    {
      method: 'POST',
      headers: {
        'content-type': options.type ?? 'audio/wav',
        authorization: `Bearer ${options.token ?? admin}`,
      },
      body: data,
      ...(options.streamed ? { duplex: 'half' } : {}),
    } as RequestInit,
  );
  return { status: response.status, body: (await response.json()) as Campaign & ApiError };
}

const actions = () =>
  t.ringside.db
    .select()
    .from(auditLog)
    .where(eq(auditLog.subject, `campaign:${campaignId}`))
    .all()
    .filter((row) => row.action.startsWith('campaign.abandon-recording'));

let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ringside-recording-'));
  t = await startTestRingside({}, { dataDir });
  ({ admin, supervisor } = await signInRoles(t));
  const created = await t.api<Campaign>('POST', '/api/campaigns', admin, {
    name: 'Recorded message',
    mode: 'predictive',
    callingWindow: { from: '09:00', to: '20:00' },
    rules: 'US',
    maxAttempts: 3,
    abandonMessage: 'Ringside calling, call us back on 0800 000 000',
  });
  campaignId = created.body.id;
});
afterAll(async () => {
  await t.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('campaign abandon-message upload', () => {
  it('converts a 44.1 kHz stereo WAV to what rtpengine plays, stores it, shows and audits who and when', async () => {
    const uploads = abandonRecordingsDir(t.dataDir);
    expect(abandonRecordingFile(uploads, campaignId)).toBeNull();
    const refused = await upload(wavFile({ rate: 44_100, channels: 2, seconds: 3 }), { token: supervisor });
    expect(refused.status).toBe(403);

    const sent = wavFile({ rate: 44_100, channels: 2, seconds: 3 });
    const before = Date.now();
    const done = await upload(sent, { name: 'C:\\fakepath\\greeting.wav' });
    expect(done.status).toBe(200);
    const recording = done.body.abandonRecording;
    expect(recording).toMatchObject({
      name: 'greeting.wav',
      bytes: sent.length,
      uploadedByName: 'Ringside Admin',
    });
    expect(recording?.durationMs).toBe(3000);
    expect(recording?.uploadedAt).toBeGreaterThanOrEqual(before);
    // the text stays: it is what plays again once the recording is removed
    expect(done.body.abandonMessage).toContain('Ringside calling');

    const file = abandonRecordingFile(uploads, campaignId);
    expect(file).toBe(join(uploads, `campaign-${campaignId}.wav`));
    const played = readWavFormat(readFileSync(file ?? ''));
    expect(played.ok && played.format).toMatchObject({
      formatTag: 1,
      channels: 1,
      sampleRate: 8000,
      bitsPerSample: 16,
      durationMs: 3000,
    });
    const read = await t.api<Campaign>('GET', `/api/campaigns/${campaignId}`, supervisor);
    expect(read.body.abandonRecording).toEqual(recording);
    const audited = actions();
    expect(audited.map((row) => [row.action, row.actorUserId])).toEqual([
      ['campaign.abandon-recording.uploaded', recording?.uploadedBy],
    ]);
    expect(audited[0]?.details).toMatchObject({
      sha256: recording?.sha256,
      sent: { channels: 2, sampleRate: 44_100 },
      replaced: null,
    });
  });

  it.each([
    ['text, not a WAV', 415, 'AUDIO_NOT_WAV', () => Buffer.from('hello, this is not audio')],
    ['an MP3 inside a WAV header', 415, 'AUDIO_NOT_WAV', () => wavFile({ seconds: 2, formatTag: 0x55 })],
    ['a WAV cut inside its header', 415, 'AUDIO_NOT_WAV', () => wavFile({ seconds: 2 }).subarray(0, 30)],
    ['half a second', 400, 'AUDIO_TOO_SHORT', () => wavFile({ seconds: 0.5 })],
    ['61 seconds', 400, 'AUDIO_TOO_LONG', () => wavFile({ seconds: 61 })],
    ['11 MB', 413, 'AUDIO_TOO_LARGE', () => wavFile({ rate: 48_000, channels: 2, seconds: 58 })],
    ['a header sox cannot read', 422, 'AUDIO_NOT_CONVERTED', () => wavFile({ seconds: 2, bitsField: 0 })],
  ])('refuses %s (%i %s) and keeps the recording it had', async (_what, status, code, make) => {
    const kept = (await t.api<Campaign>('GET', `/api/campaigns/${campaignId}`, admin)).body.abandonRecording;
    const refused = await upload(make());
    expect([refused.status, refused.body.error.code]).toEqual([status, code]);
    const after = await t.api<Campaign>('GET', `/api/campaigns/${campaignId}`, admin);
    expect(after.body.abandonRecording).toEqual(kept);
  });

  it('refuses an oversized file sent without a length (chunked) once it passes the limit, on a usable connection', async () => {
    const refused = await upload(wavFile({ rate: 48_000, channels: 2, seconds: 58 }), { streamed: true });
    expect([refused.status, refused.body.error.code]).toEqual([413, 'AUDIO_TOO_LARGE']);
    const fine = await upload(wavFile({ seconds: 2 }), { streamed: true, name: 'short.wav' });
    expect(fine.status).toBe(200);
    expect(fine.body.abandonRecording?.durationMs).toBe(2000);
  });

  it('refuses a body that is not labelled audio, and an unknown campaign', async () => {
    const csv = await upload(wavFile({ seconds: 2 }), { type: 'text/csv' });
    expect([csv.status, csv.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const unknown = await upload(wavFile({ seconds: 2 }), { id: 99_999 });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('a new upload replaces the file (audited with what it replaced); removing it brings the spoken text back', async () => {
    const first = (await t.api<Campaign>('GET', `/api/campaigns/${campaignId}`, admin)).body.abandonRecording;
    const next = await upload(wavFile({ seconds: 4, toneHz: 660 }), { name: 'v2.wav' });
    expect(next.body.abandonRecording).toMatchObject({ name: 'v2.wav', durationMs: 4000 });
    const replaced = actions().at(-1);
    expect((replaced?.details as { replaced?: unknown } | null)?.replaced).toEqual({
      name: first?.name,
      sha256: first?.sha256,
    });

    const removed = await t.api<Campaign>('DELETE', `/api/campaigns/${campaignId}/abandon-recording`, admin);
    expect(removed.status).toBe(200);
    expect(removed.body.abandonRecording).toBeNull();
    expect(abandonRecordingFile(abandonRecordingsDir(t.dataDir), campaignId)).toBeNull();
    expect(actions().at(-1)).toMatchObject({ action: 'campaign.abandon-recording.removed' });
    const again = await t.api<ApiError>('DELETE', `/api/campaigns/${campaignId}/abandon-recording`, admin);
    expect([again.status, again.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('after a restart the recorded upload still plays; a file the database does not name is dropped', async () => {
    expect((await upload(wavFile({ seconds: 2 }), { name: 'kept.wav' })).status).toBe(200);
    await t.stop();
    const stray = join(abandonRecordingsDir(dataDir), 'campaign-4242.wav');
    writeFileSync(stray, wavFile({ seconds: 2 }));
    t = await startTestRingside({}, { dataDir });
    expect(existsSync(stray)).toBe(false);
    expect(abandonRecordingFile(abandonRecordingsDir(dataDir), campaignId)).not.toBeNull();
    const token = await t.login('admin');
    const read = await t.api<Campaign>('GET', `/api/campaigns/${campaignId}`, token);
    expect(read.body.abandonRecording?.name).toBe('kept.wav');
    const doc = await t.api<{ paths: Record<string, Record<string, { requestBody?: { content: object } }>> }>(
      'GET',
      '/api/openapi.json',
    );
    expect(
      doc.body.paths['/api/campaigns/{id}/abandon-recording']?.['post']?.requestBody?.content,
    ).toHaveProperty(['audio/wav']);
  });
});
