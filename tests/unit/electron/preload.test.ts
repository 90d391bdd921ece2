import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { electronFake, resetElectronFake } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronFake);

const { DESKTOP_API_VERSION, invokeChannels } = await import('../../../electron/ipc-contract');
const { createInvoke } = await import('../../../electron/preload/invoke');

const exposedKeys = [
  'apiVersion',
  'clearCredentials',
  'loadCredentials',
  'notifyCallOffered',
  'onHotkey',
  'saveCredentials',
  'setAgentState',
];

/** The preload runs once per page, so it is imported once; tests then only clear the recorded calls. */
async function loadPreload(): Promise<Record<string, unknown>> {
  resetElectronFake();
  await import('../../../electron/preload/preload');
  const { exposeInMainWorld } = electronFake.contextBridge;
  expect(exposeInMainWorld).toHaveBeenCalledOnce();
  const [name, api] = exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
  expect(name).toBe('ringsideDesktop');
  return api;
}

let api: Record<string, unknown>;

beforeAll(async () => {
  api = await loadPreload();
});

beforeEach(() => {
  electronFake.ipcRenderer.invoke.mockClear();
  electronFake.ipcRenderer.emitter.removeAllListeners();
});

describe('preload', () => {
  it('exposes exactly the allow-listed API, with no way to reach ipcRenderer', () => {
    expect(Object.keys(api).sort()).toEqual(exposedKeys);
    expect(api['apiVersion']).toBe(DESKTOP_API_VERSION);
    expect(Object.values(api).filter((value) => typeof value === 'function')).toHaveLength(
      exposedKeys.length - 1,
    );
    expect(Object.values(api)).not.toContain(electronFake.ipcRenderer);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('every exposed method invokes only contract channels, whatever the page passes', async () => {
    for (const [name, value] of Object.entries(api)) {
      if (typeof value !== 'function' || name === 'onHotkey') continue;
      await (value as (...args: unknown[]) => Promise<unknown>)('desktop:run-shell', { channel: 'evil' });
    }
    const channels = electronFake.ipcRenderer.invoke.mock.calls.map(([channel]) => channel);
    expect(channels).toHaveLength(5);
    for (const channel of channels) expect(invokeChannels).toContain(channel);
  });

  it('passes the page payload to the matching channel and returns main’s answer', async () => {
    electronFake.ipcRenderer.invoke.mockResolvedValueOnce({
      ok: true,
      data: { username: 'amy', token: 't' },
    });
    const load = api['loadCredentials'] as () => Promise<unknown>;
    await expect(load()).resolves.toEqual({ ok: true, data: { username: 'amy', token: 't' } });
    const notify = api['notifyCallOffered'] as (offer: object) => Promise<unknown>;
    await notify({ callerLabel: 'Mr. Zhang', businessType: 'Sales' });
    expect(electronFake.ipcRenderer.invoke).toHaveBeenLastCalledWith('desktop:call-offered', {
      callerLabel: 'Mr. Zhang',
      businessType: 'Sales',
    });
  });

  it('turns a rejected invoke (older shell, closing window) into an INTERNAL result', async () => {
    electronFake.ipcRenderer.invoke.mockRejectedValueOnce(new Error("No handler registered for 'x'"));
    const setState = api['setAgentState'] as (state: object) => Promise<unknown>;
    await expect(setState({ status: 'ready' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });

  it('hands hotkey listeners the parsed payload only, never the IPC event, and unsubscribes', () => {
    const listener = vi.fn();
    const unsubscribe = (api['onHotkey'] as (l: (event: unknown) => void) => () => void)(listener);
    const { emitter } = electronFake.ipcRenderer;
    emitter.emit('desktop:hotkey', { sender: electronFake.ipcRenderer }, { action: 'answer' });
    emitter.emit('desktop:hotkey', { sender: electronFake.ipcRenderer }, { action: 'format-disk' });
    expect(listener.mock.calls).toEqual([[{ action: 'answer' }]]);
    unsubscribe();
    emitter.emit('desktop:hotkey', {}, { action: 'hangup' });
    expect(listener).toHaveBeenCalledOnce();
    expect(emitter.listenerCount('desktop:hotkey')).toBe(0);
  });

  it('rejects a non-function hotkey listener', () => {
    expect(() => (api['onHotkey'] as (l: unknown) => void)('alert(1)')).toThrow(TypeError);
  });

  it('the internal invoke refuses channels outside the contract even for untyped callers', async () => {
    const invoke = createInvoke(electronFake.ipcRenderer as never) as (
      c: string,
      p: unknown,
    ) => Promise<unknown>;
    await expect(invoke('desktop:run-shell', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(electronFake.ipcRenderer.invoke).not.toHaveBeenCalled();
  });
});
