/** The one console window: hardened web preferences, loads the bridge URL, retries while the bridge is down. */
import { BrowserWindow, type WebPreferences } from 'electron';

/** Chromium's "navigation aborted" code: our own will-navigate veto produces it, so it is not a failure. */
const ERR_ABORTED = -3;
const RETRY_MS = 5_000;

/** What the window needs to know; `url` must already be validated (see config.ts). */
export interface MainWindowOptions {
  url: string;
  preloadPath: string;
}

export function hardenedWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    // The console keeps a SIP registration and a socket alive while hidden in the tray; throttled timers
    // would delay keep-alives and the ring.
    backgroundThrottling: false,
  };
}

/** A local page saying what the shell waits for, so a down bridge does not look like a frozen app. */
export function waitingPageUrl(url: string): string {
  const target = new URL(url).origin.replace(/[<>&"']/g, '');
  // Its own policy: nothing may load or run in it (the shell keeps the bridge's policy for the console).
  const csp = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`;
  const html = `<!doctype html><meta charset="utf-8">${csp}<title>Ringside</title><body style="font:16px system-ui;margin:3em">Waiting for the Ringside server at ${target} — retrying…</body>`;
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}

function load(win: BrowserWindow, url: string): void {
  win.loadURL(url).catch(() => {
    // did-fail-load handles the failure; the rejection only needs to be observed.
  });
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Ringside',
    autoHideMenuBar: true,
    webPreferences: hardenedWebPreferences(options.preloadPath),
  });
  win.once('ready-to-show', () => win.show());
  // Agents often start the desktop before the bridge is up: keep retrying instead of leaving a dead window.
  win.webContents.on('did-fail-load', (_event, errorCode, _description, _url, isMainFrame) => {
    if (!isMainFrame || errorCode === ERR_ABORTED) return;
    load(win, waitingPageUrl(options.url));
    setTimeout(() => {
      if (!win.isDestroyed()) load(win, options.url);
    }, RETRY_MS);
  });
  load(win, options.url);
  return win;
}

/** Makes the window visible and focused wherever it is: minimised, hidden in the tray or behind others. */
export function bringToFront(win: BrowserWindow): void {
  if (win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  if (!win.isVisible()) win.show();
  win.focus();
}
