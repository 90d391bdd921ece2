/**
 * Builds the real preload bundle and runs it the way a sandboxed renderer does: a plain script whose
 * `require` knows only `electron`. Catches a fragment that pulls in a module the sandbox cannot load.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

let outDir: string;
let code: string;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'ringside-preload-'));
  await build({
    configFile: fileURLToPath(new URL('../../../electron/preload/vite.config.ts', import.meta.url)),
    logLevel: 'silent',
    build: { outDir, sourcemap: false },
  });
  code = await readFile(join(outDir, 'preload.cjs'), 'utf8');
});

afterAll(() => rm(outDir, { recursive: true, force: true }));

describe('preload bundle', () => {
  it('runs with a sandbox-style require that can load only electron', async () => {
    const exposeInMainWorld = vi.fn();
    const invoke = vi.fn(async () => ({ ok: true, data: null }));
    const electron = {
      contextBridge: { exposeInMainWorld },
      ipcRenderer: { invoke, on: vi.fn(), removeListener: vi.fn() },
    };
    const sandboxRequire = (name: string): unknown => {
      if (name === 'electron') return electron;
      throw new Error(`module not found: ${name}`);
    };
    const run = runInNewContext(`(function (require) {\n${code}\n})`, {}) as (
      req: typeof sandboxRequire,
    ) => void;
    run(sandboxRequire);
    expect(exposeInMainWorld).toHaveBeenCalledOnce();
    const [name, api] = exposeInMainWorld.mock.calls[0] as [
      string,
      Record<string, (arg?: unknown) => Promise<unknown>>,
    ];
    expect(name).toBe('ringsideDesktop');
    await api['setAgentState']?.({ status: 'ready' });
    expect(invoke).toHaveBeenCalledWith('desktop:agent-state-changed', { status: 'ready' });
  });
});
