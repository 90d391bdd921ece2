import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  FakeBrowserWindow,
  FakeEvent,
  FakeNotification,
  FakeTray,
  FakeWebContents,
  electronFake,
  resetElectronFake,
} from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronFake);

const { APP_ID, startShell } = await import('../../../electron/main/shell');

const env = { RINGSIDE_URL: 'http://localhost:4780' };

beforeEach(() => resetElectronFake());

async function started(): Promise<FakeBrowserWindow> {
  const win = (await startShell(env)) as unknown as FakeBrowserWindow | null;
  if (!win) throw new Error('shell did not start');
  return win;
}

describe('shell wiring', () => {
  it('quits at once when another instance holds the single-instance lock', async () => {
    electronFake.app.requestSingleInstanceLock.mockReturnValue(false);
    await expect(startShell(env)).resolves.toBeNull();
    expect(electronFake.app.quit).toHaveBeenCalledOnce();
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('a second instance brings the first window back to the front', async () => {
    const win = await started();
    win.minimized = true;
    electronFake.app.emit('second-instance', new FakeEvent(), ['ringside'], '/');
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
  });

  it('sandboxes every renderer, loads the configured bridge with the bundled preload', async () => {
    const win = await started();
    expect(electronFake.app.enableSandbox).toHaveBeenCalled();
    expect(win.loadURL).toHaveBeenCalledWith('http://localhost:4780');
    expect(String((win.options['webPreferences'] as { preload: string }).preload)).toMatch(
      /preload[\\/]preload\.cjs$/,
    );
    expect(electronFake.session.defaultSession.requestHandler).not.toBeNull();
  });

  it('hardens every web contents the app creates', async () => {
    await started();
    const contents = new FakeWebContents();
    electronFake.app.emit('web-contents-created', new FakeEvent(), contents);
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example' })).toEqual({ action: 'deny' });
  });

  it('hides to the tray on close, and really closes when quitting', async () => {
    const win = await started();
    const close = new FakeEvent();
    win.emit('close', close);
    expect(close.defaultPrevented).toBe(true);
    expect(win.hide).toHaveBeenCalled();
    electronFake.app.emit('before-quit');
    const finalClose = new FakeEvent();
    win.emit('close', finalClose);
    expect(finalClose.defaultPrevented).toBe(false);
  });

  it('connects IPC to the notifier and the tray, and hotkeys to the renderer', async () => {
    const win = await started();
    const sender = { senderFrame: { url: 'http://localhost:4780/agent' } };
    const invoke = (channel: string, payload: unknown) =>
      electronFake.ipcMain.handlers.get(channel)?.(sender, payload);
    await expect(
      invoke('desktop:call-offered', { callerLabel: 'Mr. Zhang', businessType: 'Sales' }),
    ).resolves.toEqual({
      ok: true,
      data: null,
    });
    expect(FakeNotification.instances).toHaveLength(1);
    expect(win.focus).toHaveBeenCalled();
    await invoke('desktop:agent-state-changed', { status: 'ready' });
    expect(FakeTray.instances[0]?.tooltip).toBe('Ringside — Ready');
    electronFake.globalShortcut.bound.get('CommandOrControl+Shift+A')?.();
    expect(win.webContents.send).toHaveBeenCalledWith('desktop:hotkey', { action: 'answer' });
  });

  it('releases hotkeys and the tray on quit', async () => {
    await started();
    electronFake.app.emit('will-quit');
    expect(electronFake.globalShortcut.bound.size).toBe(0);
    expect(FakeTray.instances[0]?.destroy).toHaveBeenCalled();
  });

  it('refuses to start with a bad configuration, naming the setting', async () => {
    await expect(startShell({ RINGSIDE_URL: 'ftp://bridge' })).resolves.toBeNull();
    expect(electronFake.dialog.showErrorBox).toHaveBeenCalledWith(
      'Ringside cannot start',
      expect.stringContaining('RINGSIDE_URL'),
    );
    expect(electronFake.app.exit).toHaveBeenCalledWith(1);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('uses the appId electron-builder packages with (Windows routes notifications by it)', () => {
    const builderConfig = readFileSync(new URL('../../../electron-builder.yml', import.meta.url), 'utf8');
    expect(builderConfig.split('\n')).toContain(`appId: ${APP_ID}`);
  });
});
