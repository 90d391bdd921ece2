import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Where a campaign's uploaded abandon message lives, as rtpengine plays it (8 kHz mono 16-bit PCM WAV). */
export const abandonRecordingPath = (dir: string, campaignId: number) =>
  join(dir, `campaign-${campaignId}.wav`);

const STORED = /^campaign-(\d+)\.wav$/;

/**
 * The uploaded recordings on disk, one file per campaign (the database keeps what it is and who uploaded it). A
 * file is replaced by a rename, so a call that starts playing it meanwhile reads either the old or the new one whole.
 */
export function createAbandonRecordingsStore(dir: string) {
  mkdirSync(dir, { recursive: true });
  return {
    dir,
    /** A fresh scratch file name in the same directory (so the final rename stays on one file system). */
    scratch: (suffix: string) =>
      join(dir, `.upload-${process.pid}-${randomBytes(6).toString('hex')}${suffix}`),
    fileOf: (campaignId: number) => abandonRecordingPath(dir, campaignId),
    has: (campaignId: number) => existsSync(abandonRecordingPath(dir, campaignId)),
    put(campaignId: number, scratchFile: string): void {
      renameSync(scratchFile, abandonRecordingPath(dir, campaignId));
    },
    remove(campaignId: number): void {
      rmSync(abandonRecordingPath(dir, campaignId), { force: true });
    },
    discard(file: string): void {
      rmSync(file, { force: true });
    },
    /** The campaigns that have a file here, and scratch files a crash left behind. */
    scan(): { campaignIds: number[]; leftovers: string[] } {
      const names = readdirSync(dir);
      return {
        campaignIds: names.flatMap((name) => {
          const match = STORED.exec(name);
          return match ? [Number(match[1])] : [];
        }),
        leftovers: names.filter((name) => name.startsWith('.upload-')).map((name) => join(dir, name)),
      };
    },
  };
}

export type AbandonRecordingsStore = ReturnType<typeof createAbandonRecordingsStore>;
