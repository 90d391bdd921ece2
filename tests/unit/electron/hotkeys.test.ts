import { beforeEach, describe, expect, it, vi } from 'vitest';
import { electronFake, resetElectronFake } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronFake);

const { installHotkeys } = await import('../../../electron/main/hotkeys');
const { defaultHotkeys } = await import('../../../electron/main/config');

beforeEach(() => resetElectronFake());

describe('global hotkeys', () => {
  it('registers the default answer and hang-up shortcuts and forwards presses as actions', () => {
    const send = vi.fn();
    const installed = installHotkeys(defaultHotkeys, send);
    expect(installed.registered).toEqual(['answer', 'hangup']);
    expect([...electronFake.globalShortcut.bound.keys()]).toEqual([
      'CommandOrControl+Shift+A',
      'CommandOrControl+Shift+H',
    ]);
    electronFake.globalShortcut.bound.get('CommandOrControl+Shift+H')?.();
    electronFake.globalShortcut.bound.get('CommandOrControl+Shift+A')?.();
    expect(send.mock.calls).toEqual([[{ action: 'hangup' }], [{ action: 'answer' }]]);
  });

  it('uses configured accelerators', () => {
    installHotkeys({ answer: 'F9', hangup: 'F10' }, vi.fn());
    expect([...electronFake.globalShortcut.bound.keys()]).toEqual(['F9', 'F10']);
  });

  it('unregisters its shortcuts when the app quits', () => {
    installHotkeys(defaultHotkeys, vi.fn());
    electronFake.app.emit('will-quit');
    expect(electronFake.globalShortcut.unregister).toHaveBeenCalledWith('CommandOrControl+Shift+A');
    expect(electronFake.globalShortcut.unregister).toHaveBeenCalledWith('CommandOrControl+Shift+H');
    expect(electronFake.globalShortcut.bound.size).toBe(0);
  });

  it('keeps going when another application owns a shortcut or an accelerator is invalid', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    electronFake.globalShortcut.taken.add('CommandOrControl+Shift+A');
    electronFake.globalShortcut.register.mockImplementationOnce(() => false);
    const installed = installHotkeys(defaultHotkeys, vi.fn());
    expect(installed.registered).toEqual(['hangup']);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('answer'));
    resetElectronFake();
    electronFake.globalShortcut.register.mockImplementationOnce(() => {
      throw new Error('Failed to parse accelerator');
    });
    expect(installHotkeys({ answer: 'Nope+Q', hangup: 'F10' }, vi.fn()).registered).toEqual(['hangup']);
  });
});
