import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  FakeBrowserWindow,
  FakeEvent,
  FakeWebContents,
  electronFake,
  resetElectronFake,
} from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronFake);

const { bringToFront, createMainWindow, waitingPageUrl } = await import('../../../electron/main/window');
const { hardenWebContents, openExternalSafely } = await import('../../../electron/main/navigation');

const origin = 'http://localhost:4780';

beforeEach(() => {
  resetElectronFake();
  vi.useRealTimers();
});

function createWindow(): FakeBrowserWindow {
  createMainWindow({ url: `${origin}/`, preloadPath: '/app/dist-electron/preload/preload.cjs' });
  const [win] = FakeBrowserWindow.instances;
  if (!win) throw new Error('no window created');
  return win;
}

describe('createMainWindow', () => {
  it('creates the window with hardened web preferences and loads the bridge URL', () => {
    const win = createWindow();
    expect(win.options['webPreferences']).toMatchObject({
      preload: '/app/dist-electron/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(win.loadURL).toHaveBeenCalledWith(`${origin}/`);
  });

  it('shows the window only once it is ready, to avoid a white flash', () => {
    const win = createWindow();
    expect(win.show).not.toHaveBeenCalled();
    win.emit('ready-to-show');
    expect(win.show).toHaveBeenCalledOnce();
  });

  it('shows a waiting page and retries when the bridge is down', () => {
    vi.useFakeTimers();
    const win = createWindow();
    win.webContents.emit(
      'did-fail-load',
      new FakeEvent(),
      -102,
      'ERR_CONNECTION_REFUSED',
      `${origin}/`,
      true,
    );
    expect(win.loadURL).toHaveBeenLastCalledWith(waitingPageUrl(`${origin}/`));
    vi.advanceTimersByTime(5_000);
    expect(win.loadURL).toHaveBeenLastCalledWith(`${origin}/`);
  });

  it('ignores aborted loads (our own navigation veto) and sub-frame failures', () => {
    vi.useFakeTimers();
    const win = createWindow();
    win.webContents.emit('did-fail-load', new FakeEvent(), -3, 'ERR_ABORTED', `${origin}/`, true);
    win.webContents.emit(
      'did-fail-load',
      new FakeEvent(),
      -102,
      'ERR_CONNECTION_REFUSED',
      'https://x.test/',
      false,
    );
    vi.advanceTimersByTime(10_000);
    expect(win.loadURL).toHaveBeenCalledOnce();
  });

  it('names the bridge origin (not the full URL) on the waiting page', () => {
    const page = decodeURIComponent(waitingPageUrl('http://localhost:4780/console?token=secret'));
    expect(page).toContain('http://localhost:4780');
    expect(page).not.toContain('secret');
  });
});

describe('navigation rules', () => {
  function hardened(): FakeWebContents {
    const contents = new FakeWebContents();
    hardenWebContents(contents as never, origin);
    return contents;
  }

  it('lets the console navigate within the bridge origin', () => {
    const event = new FakeEvent(`${origin}/supervisor`);
    hardened().emit('will-navigate', event);
    expect(event.defaultPrevented).toBe(false);
    expect(electronFake.shell.openExternal).not.toHaveBeenCalled();
  });

  it.each([
    ['https://evil.example/phish', true],
    ['http://localhost:4781/', true],
    ['https://localhost:4780/', true],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
  ])('prevents navigating to %s (opened in the OS browser: %s)', (url, openedExternally) => {
    const event = new FakeEvent(url);
    hardened().emit('will-navigate', event);
    expect(event.defaultPrevented).toBe(true);
    expect(electronFake.shell.openExternal).toHaveBeenCalledTimes(openedExternally ? 1 : 0);
  });

  it('blocks a server redirect to a foreign origin', () => {
    const contents = hardened();
    const foreign = new FakeEvent('https://evil.example/');
    const local = new FakeEvent(`${origin}/login`);
    contents.emit('will-redirect', foreign);
    contents.emit('will-redirect', local);
    expect(foreign.defaultPrevented).toBe(true);
    expect(local.defaultPrevented).toBe(false);
  });

  it('denies every window.open and hands http(s) links to the OS browser', () => {
    const contents = hardened();
    expect(contents.windowOpenHandler?.({ url: 'https://crm.example/customer/7' })).toEqual({
      action: 'deny',
    });
    expect(contents.windowOpenHandler?.({ url: `${origin}/popup` })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'smb://share/x' })).toEqual({ action: 'deny' });
    expect(electronFake.shell.openExternal.mock.calls.map(([url]) => url)).toEqual([
      'https://crm.example/customer/7',
      `${origin}/popup`,
    ]);
  });

  it('refuses webviews', () => {
    const event = new FakeEvent();
    hardened().emit('will-attach-webview', event);
    expect(event.defaultPrevented).toBe(true);
  });

  it.each([
    ['https://example.com', true],
    ['http://example.com', true],
    ['mailto:a@example.com', true],
    ['file:///C:/Windows/system32/calc.exe', false],
    ['ms-msdt:/id PCWDiagnostic', false],
    ['not a url', false],
  ])('openExternalSafely(%s) → %s', (url, opened) => {
    expect(openExternalSafely(url)).toBe(opened);
  });
});

describe('bringToFront', () => {
  it('restores a minimised, hidden window and focuses it', () => {
    const win = createWindow();
    win.minimized = true;
    bringToFront(win as never);
    expect(win.restore).toHaveBeenCalled();
    expect(win.show).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
  });
});
