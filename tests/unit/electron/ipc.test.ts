import { beforeEach, describe, expect, it, vi } from 'vitest';
import { electronFake, resetElectronFake } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronFake);

const { createIpcDispatcher, registerIpcHandlers } = await import('../../../electron/main/ipc');
const { ShellError } = await import('../../../electron/main/shell-error');
const { invokeChannels } = await import('../../../electron/ipc-contract');

const origin = 'http://localhost:4780';
const console_ = { senderFrame: { url: `${origin}/agent` } };

function handlers() {
  return {
    'desktop:call-offered': vi.fn(() => null),
    'desktop:agent-state-changed': vi.fn(() => null),
    'desktop:credentials-save': vi.fn(async () => null),
    'desktop:credentials-load': vi.fn(async () => ({ username: 'amy', token: 't0k3n' })),
    'desktop:credentials-clear': vi.fn(async () => null),
  };
}

let services: ReturnType<typeof handlers>;

beforeEach(() => {
  resetElectronFake();
  services = handlers();
  registerIpcHandlers(electronFake.ipcMain as never, createIpcDispatcher(origin, services));
});

function invoke(channel: string, payload: unknown, event: object = console_): Promise<unknown> {
  const handler = electronFake.ipcMain.handlers.get(channel);
  if (!handler) throw new Error(`No handler registered for '${channel}'`);
  return Promise.resolve(handler(event, payload));
}

describe('IPC handlers', () => {
  it('registers exactly the contract channels', () => {
    expect([...electronFake.ipcMain.handlers.keys()].sort()).toEqual([...invokeChannels].sort());
  });

  it('answers a valid request with the handler data and the parsed payload', async () => {
    const offer = { callerLabel: '  Mr. Zhang ', businessType: 'sales' };
    await expect(invoke('desktop:call-offered', offer)).resolves.toEqual({ ok: true, data: null });
    expect(services['desktop:call-offered']).toHaveBeenCalledWith({
      callerLabel: 'Mr. Zhang',
      businessType: 'sales',
    });
    await expect(invoke('desktop:credentials-load', {})).resolves.toEqual({
      ok: true,
      data: { username: 'amy', token: 't0k3n' },
    });
  });

  it.each([
    ['a missing field', 'desktop:call-offered', { callerLabel: 'Mr. Zhang' }],
    ['a wrong type', 'desktop:call-offered', { callerLabel: 42, businessType: 'sales' }],
    ['an extra key', 'desktop:agent-state-changed', { status: 'ready', admin: true }],
    ['an unknown status', 'desktop:agent-state-changed', { status: 'sleeping' }],
    ['no payload at all', 'desktop:credentials-save', undefined],
    ['a string payload', 'desktop:credentials-load', 'please'],
  ])(
    'rejects %s with VALIDATION_FAILED and keeps serving the next message',
    async (_name, channel, payload) => {
      const bad = (await invoke(channel, payload)) as {
        ok: boolean;
        error: { code: string; message: string };
      };
      expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      expect(bad.error.message).not.toBe('');
      await expect(invoke('desktop:agent-state-changed', { status: 'ready' })).resolves.toEqual({
        ok: true,
        data: null,
      });
    },
  );

  it('never echoes payload values in a validation message', async () => {
    const result = (await invoke('desktop:credentials-save', {
      username: 'amy',
      token: 42,
      pin: 'hunter2',
    })) as {
      error: { message: string };
    };
    expect(result.error.message).toMatch(/token/);
    expect(result.error.message).not.toContain('hunter2');
  });

  it('turns a throwing handler into INTERNAL, and a ShellError into its code, without breaking the channel', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    services['desktop:credentials-save'].mockRejectedValueOnce(new Error('disk on fire'));
    services['desktop:credentials-save'].mockRejectedValueOnce(
      new ShellError('NOT_AVAILABLE', 'no keychain'),
    );
    const login = { username: 'amy', token: 't0k3n' };
    await expect(invoke('desktop:credentials-save', login)).resolves.toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
    await expect(invoke('desktop:credentials-save', login)).resolves.toEqual({
      ok: false,
      error: { code: 'NOT_AVAILABLE', message: 'no keychain' },
    });
    await expect(invoke('desktop:credentials-save', login)).resolves.toEqual({ ok: true, data: null });
  });

  it.each([
    ['another origin', { senderFrame: { url: 'https://evil.example/' } }],
    ['a data: page', { senderFrame: { url: 'data:text/html,hi' } }],
    ['a destroyed frame', { senderFrame: null }],
  ])('refuses requests from %s with FORBIDDEN', async (_name, event) => {
    await expect(invoke('desktop:credentials-load', {}, event)).resolves.toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(services['desktop:credentials-load']).not.toHaveBeenCalled();
  });

  it('rejects a channel outside the contract with NOT_FOUND', async () => {
    const dispatch = createIpcDispatcher(origin, services);
    await expect(dispatch('desktop:run-shell', `${origin}/`, { cmd: 'rm -rf /' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('removes its handlers when disposed', () => {
    resetElectronFake();
    const dispose = registerIpcHandlers(electronFake.ipcMain as never, createIpcDispatcher(origin, services));
    dispose();
    expect(electronFake.ipcMain.handlers.size).toBe(0);
  });
});
