import { describe, expect, it, vi } from 'vitest';
import type { RingsideDesktopApi } from '../../../electron/ipc-contract';
import {
  browserDesktopBridge,
  createDesktopBridge,
  desktopBridge,
} from '../../../renderer/src/services/desktop-bridge';

function fakeApi(overrides: Partial<RingsideDesktopApi> = {}): RingsideDesktopApi {
  return {
    apiVersion: 1,
    notifyCallOffered: vi.fn(async () => ({ ok: true as const, data: null })),
    setAgentState: vi.fn(async () => ({ ok: true as const, data: null })),
    saveCredentials: vi.fn(async () => ({ ok: true as const, data: null })),
    loadCredentials: vi.fn(async () => ({ ok: true as const, data: { username: 'amy', token: 't' } })),
    clearCredentials: vi.fn(async () => ({ ok: true as const, data: null })),
    onHotkey: vi.fn(() => () => undefined),
    ...overrides,
  };
}

describe('desktop bridge (renderer)', () => {
  it('is a no-op bridge in a plain browser', async () => {
    expect(desktopBridge.isDesktop).toBe(false);
    const bridge = createDesktopBridge({});
    expect(bridge).toBe(browserDesktopBridge);
    await expect(bridge.notifyCallOffered({ callerLabel: 'x', businessType: 'y' })).resolves.toEqual({
      ok: true,
      data: null,
    });
    await expect(bridge.loadCredentials()).resolves.toEqual({ ok: true, data: null });
    await expect(bridge.saveCredentials({ username: 'a', token: 'b' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'NOT_AVAILABLE' },
    });
    expect(bridge.onHotkey(vi.fn())).toBeTypeOf('function');
  });

  it('forwards to window.ringsideDesktop inside the shell', async () => {
    const api = fakeApi();
    const bridge = createDesktopBridge({ ringsideDesktop: api });
    expect(bridge.isDesktop).toBe(true);
    await bridge.setAgentState({ status: 'ready', label: 'Ready' });
    expect(api.setAgentState).toHaveBeenCalledWith({ status: 'ready', label: 'Ready' });
    await expect(bridge.loadCredentials()).resolves.toEqual({
      ok: true,
      data: { username: 'amy', token: 't' },
    });
    const listener = vi.fn();
    bridge.onHotkey(listener);
    expect(api.onHotkey).toHaveBeenCalledWith(listener);
  });

  it('falls back when the shell exposes another API version', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(createDesktopBridge({ ringsideDesktop: fakeApi({ apiVersion: 99 }) }).isDesktop).toBe(false);
    expect(createDesktopBridge({ ringsideDesktop: { apiVersion: 1 } }).isDesktop).toBe(false);
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('never rejects, even if the shell does', async () => {
    const api = fakeApi({ notifyCallOffered: vi.fn(async () => Promise.reject(new Error('gone'))) });
    await expect(
      createDesktopBridge({ ringsideDesktop: api }).notifyCallOffered({
        callerLabel: 'x',
        businessType: 'y',
      }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
