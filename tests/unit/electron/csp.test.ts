import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, electronFake, resetElectronFake } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronFake);

const { startShell } = await import('../../../electron/main/shell');
const { waitingPageUrl } = await import('../../../electron/main/window');

beforeEach(() => resetElectronFake());

/**
 * The shell loads the bridge's origin, so the bridge's Content-Security-Policy (and its other security headers)
 * is the console's policy in the desktop too: nothing in the shell may loosen it.
 */
describe('the shell keeps the bridge’s Content-Security-Policy', () => {
  it('rewrites no response headers, registers no CSP-bypassing scheme and keeps web security on', async () => {
    const win = (await startShell({ RINGSIDE_URL: 'http://localhost:4780' })) as unknown as FakeBrowserWindow;
    expect(win).toBeInstanceOf(FakeBrowserWindow);
    const { webRequest } = electronFake.session.defaultSession;
    expect(webRequest.onHeadersReceived).not.toHaveBeenCalled();
    expect(webRequest.onBeforeSendHeaders).not.toHaveBeenCalled();
    expect(electronFake.protocol.registerSchemesAsPrivileged).not.toHaveBeenCalled();
    expect(electronFake.protocol.handle).not.toHaveBeenCalled();
    expect(win.options['webPreferences']).toMatchObject({
      webSecurity: true,
      allowRunningInsecureContent: false,
      contextIsolation: true,
      sandbox: true,
    });
    expect(win.loadURL).toHaveBeenCalledWith('http://localhost:4780');
  });

  it('gives its own waiting page a policy under which nothing loads or runs', () => {
    const page = decodeURIComponent(waitingPageUrl('http://localhost:4780'));
    expect(page).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    );
    expect(page).not.toMatch(/<script/i);
  });
});
