/**
 * The remembered login (username + bridge token), encrypted with the OS keychain through `safeStorage` and
 * kept in one file under userData. Without real encryption nothing is written: a token in a readable file is
 * a session anyone with the disk can take over.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { safeStorage } from 'electron';
import { credentialsSchema, type Credentials } from '../ipc-contract.js';
import { ShellError } from './shell-error.js';

export const CREDENTIALS_FILE = 'credentials.bin';

/** Stores at most one login. Methods reject with a `ShellError` (NOT_AVAILABLE) when encryption is missing. */
export interface CredentialStore {
  save(credentials: Credentials): Promise<void>;
  /** The stored login, or null if none is stored or it cannot be decrypted any more. */
  load(): Promise<Credentials | null>;
  clear(): Promise<void>;
}

/** `platform` is injectable so the Linux-only keyring rule is testable everywhere. */
export interface CredentialStoreOptions {
  filePath: string;
  platform?: NodeJS.Platform;
}

// On Linux without a keyring Electron falls back to a key hard-coded in Chromium ("basic_text"):
// obfuscation, not encryption. "unknown" means it was asked before the app was ready.
const weakLinuxBackends: readonly string[] = ['basic_text', 'unknown'];

function assertEncryptionAvailable(platform: NodeJS.Platform): void {
  const weak = platform === 'linux' && weakLinuxBackends.includes(safeStorage.getSelectedStorageBackend());
  if (!safeStorage.isEncryptionAvailable() || weak) {
    throw new ShellError(
      'NOT_AVAILABLE',
      'OS encryption is unavailable; the login cannot be remembered here.',
    );
  }
}

async function readOptional(filePath: string): Promise<Buffer | null> {
  try {
    return await readFile(filePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function decrypt(blob: Buffer): Credentials | null {
  try {
    const parsed = credentialsSchema.safeParse(JSON.parse(safeStorage.decryptString(blob)));
    return parsed.success ? parsed.data : null;
  } catch {
    // A blob from another OS user or a reset keychain cannot be decrypted; it is useless, not an error.
    return null;
  }
}

export function createCredentialStore(options: CredentialStoreOptions): CredentialStore {
  const { filePath } = options;
  const platform = options.platform ?? process.platform;
  const clear = (): Promise<void> => rm(filePath, { force: true });
  return {
    async save(credentials) {
      assertEncryptionAvailable(platform);
      const blob = safeStorage.encryptString(JSON.stringify(credentialsSchema.parse(credentials)));
      await mkdir(dirname(filePath), { recursive: true });
      // Write then rename, so a crash mid-write never leaves a half file that reads as "no login".
      const temporary = `${filePath}.tmp`;
      await writeFile(temporary, blob, { mode: 0o600 });
      await rename(temporary, filePath);
    },
    async load() {
      const blob = await readOptional(filePath);
      if (!blob) return null;
      assertEncryptionAvailable(platform);
      const credentials = decrypt(blob);
      if (!credentials) await clear();
      return credentials;
    },
    clear,
  };
}
