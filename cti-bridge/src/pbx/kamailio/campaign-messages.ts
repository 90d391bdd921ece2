import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from '../../logger';
import { toneWav } from './abandon-message';

const run = promisify(execFile);

/** espeak-ng's voice for a text: Mandarin when it has CJK characters, else US English. */
export function voiceFor(text: string): 'cmn' | 'en-us' {
  return /[\u3400-\u9fff\uf900-\ufaff]/u.test(text) ? 'cmn' : 'en-us';
}

/** The cache file of a message text: named by a hash of the voice and the text (a changed text is a new file). */
export function messageFileName(text: string): string {
  const hash = createHash('sha256')
    .update(`${voiceFor(text)}\n${text}`)
    .digest('hex')
    .slice(0, 20);
  return `campaign-${hash}.wav`;
}

export interface CampaignMessagesOptions {
  /** Where the synthesised WAVs are kept (the data dir's `messages/`). */
  dir: string;
  /** What a campaign without a text (or whose text is not ready yet) plays. */
  defaultFile: string;
  log: Logger;
}

/**
 * The message an abandoned customer hears, per campaign: its abandon-message text spoken by espeak-ng (sox makes it
 * the 8 kHz mono 16-bit WAV rtpengine's `play media` reads), or, without espeak-ng, the generated chime. Synthesis
 * runs when a call is placed (it takes longer than the connect window) and is cached by the text's hash, so it
 * runs once per text; until it is ready, and for campaigns without a text, the default message plays.
 */
export class CampaignMessages {
  private readonly pending = new Map<string, Promise<void>>();

  constructor(private readonly options: CampaignMessagesOptions) {
    mkdirSync(options.dir, { recursive: true });
  }

  /** The WAV to play now for this campaign's text (never waits). */
  fileFor(text: string | null): string {
    const clean = text?.trim() ?? '';
    if (clean === '') return this.options.defaultFile;
    const file = join(this.options.dir, messageFileName(clean));
    return existsSync(file) ? file : this.options.defaultFile;
  }

  /** Starts making the text's WAV unless it exists or is being made; resolves when it is there. */
  prepare(text: string | null): Promise<void> {
    const clean = text?.trim() ?? '';
    if (clean === '') return Promise.resolve();
    const file = join(this.options.dir, messageFileName(clean));
    if (existsSync(file)) return Promise.resolve();
    const running = this.pending.get(file);
    if (running) return running;
    const made = this.synthesise(clean, file)
      .catch((error: unknown) => this.options.log.warn('campaign message not made', { error: String(error) }))
      .finally(() => this.pending.delete(file));
    this.pending.set(file, made);
    return made;
  }

  private async synthesise(text: string, file: string): Promise<void> {
    const wide = `${file}.${process.pid}.22k.wav`;
    const narrow = `${file}.${process.pid}.tmp.wav`;
    try {
      await run('espeak-ng', ['-v', voiceFor(text), '-s', '150', '-w', wide, '--', text], {
        timeout: 20_000,
      });
      await run('sox', [wide, '-r', '8000', '-c', '1', '-b', '16', narrow], { timeout: 20_000 });
    } catch (error) {
      // no espeak-ng or sox here (or the text could not be spoken): the chime, so the campaign still has a message
      this.options.log.warn('campaign message not spoken, using the chime', { error: String(error) });
      await writeFile(narrow, toneWav());
    } finally {
      await rm(wide, { force: true });
    }
    await rename(narrow, file);
  }
}
