import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { electronFake, resetElectronFake } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronFake);

const { createCredentialStore } = await import('../../../electron/main/credentials');

let dir: string;
let filePath: string;
const login = { username: 'amy', token: 'eyJhbGciOi.secret-token' };

beforeEach(async () => {
  resetElectronFake();
  dir = await mkdtemp(join(tmpdir(), 'ringside-credentials-'));
  filePath = join(dir, 'userData', 'credentials.bin');
});

afterEach(() => rm(dir, { recursive: true, force: true }));

describe('credential store', () => {
  it('round-trips the login through safeStorage, never writing the token in clear', async () => {
    const store = createCredentialStore({ filePath, platform: 'linux' });
    await store.save(login);
    const onDisk = await readFile(filePath, 'utf8');
    expect(onDisk).not.toContain('secret-token');
    expect(onDisk).not.toContain('amy');
    expect(electronFake.safeStorage.encryptString).toHaveBeenCalledOnce();
    await expect(store.load()).resolves.toEqual(login);
  });

  it.runIf(process.platform !== 'win32')('writes the file readable by the user only', async () => {
    await createCredentialStore({ filePath, platform: 'linux' }).save(login);
    expect((await stat(filePath)).mode & 0o777).toBe(0o600);
  });

  it('refuses to store when OS encryption is unavailable, and writes nothing', async () => {
    electronFake.safeStorage.available = false;
    const store = createCredentialStore({ filePath, platform: 'darwin' });
    await expect(store.save(login)).rejects.toMatchObject({ code: 'NOT_AVAILABLE' });
    await expect(stat(filePath)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(electronFake.safeStorage.encryptString).not.toHaveBeenCalled();
  });

  it.each(['basic_text', 'unknown'])('refuses the weak Linux "%s" backend', async (backend) => {
    electronFake.safeStorage.backend = backend;
    await expect(createCredentialStore({ filePath, platform: 'linux' }).save(login)).rejects.toMatchObject({
      code: 'NOT_AVAILABLE',
    });
  });

  it('does not apply the Linux backend rule on other platforms', async () => {
    electronFake.safeStorage.backend = 'basic_text';
    await expect(createCredentialStore({ filePath, platform: 'win32' }).save(login)).resolves.toBeUndefined();
  });

  it('loads null when nothing is stored, and after clear', async () => {
    const store = createCredentialStore({ filePath, platform: 'linux' });
    await expect(store.load()).resolves.toBeNull();
    await store.save(login);
    await store.clear();
    await expect(store.load()).resolves.toBeNull();
    await expect(store.clear()).resolves.toBeUndefined();
  });

  it('drops a blob it can no longer decrypt instead of failing forever', async () => {
    const store = createCredentialStore({ filePath, platform: 'linux' });
    await store.save(login);
    await writeFile(filePath, 'garbage from another keychain');
    await expect(store.load()).resolves.toBeNull();
    await expect(stat(filePath)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('will not decrypt a stored login while encryption is unavailable', async () => {
    const store = createCredentialStore({ filePath, platform: 'linux' });
    await store.save(login);
    electronFake.safeStorage.available = false;
    await expect(store.load()).rejects.toMatchObject({ code: 'NOT_AVAILABLE' });
  });
});
