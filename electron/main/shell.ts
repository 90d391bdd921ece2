/**
 * Wires the shell together. It holds no business logic: the bridge decides, the renderer shows, and this
 * process only connects the console to the operating system.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, ipcMain, session, type BrowserWindow } from 'electron';
import { desktopChannels } from '../ipc-contract.js';
import { loadShellConfig, type ShellConfig } from './config.js';
import { CREDENTIALS_FILE, createCredentialStore, type CredentialStore } from './credentials.js';
import { installHotkeys } from './hotkeys.js';
import { createIpcDispatcher, registerIpcHandlers, type DesktopHandlers } from './ipc.js';
import { hardenWebContents } from './navigation.js';
import { createCallNotifier, type CallNotifier } from './notifications.js';
import { installPermissionHandlers } from './permissions.js';
import { createAgentTray, type AgentTray } from './tray.js';
import { bringToFront, createMainWindow } from './window.js';

/** Must equal `appId` in electron-builder.yml: Windows routes notifications by this id. */
export const APP_ID = 'org.ringside.desktop';

/** The single preload bundle (see electron/preload/vite.config.ts), next to the compiled main folder. */
export const preloadPath = (): string => fileURLToPath(new URL('../preload/preload.cjs', import.meta.url));

function loadConfigOrQuit(env: NodeJS.ProcessEnv): ShellConfig | null {
  try {
    const config = loadShellConfig(app.getPath('userData'), env);
    for (const warning of config.warnings) console.warn(warning);
    return config;
  } catch (error) {
    dialog.showErrorBox('Ringside cannot start', error instanceof Error ? error.message : String(error));
    app.exit(1);
    return null;
  }
}

/** Closing the window hides it to the tray: an agent who closes it by habit must still get calls. */
function keepInTray(win: BrowserWindow): void {
  let quitting = false;
  app.on('before-quit', () => {
    quitting = true;
  });
  win.on('close', (event) => {
    if (quitting) return;
    event.preventDefault();
    win.hide();
  });
}

interface DesktopServices {
  tray: AgentTray;
  notifier: CallNotifier;
  credentials: CredentialStore;
}

function desktopHandlers({ tray, notifier, credentials }: DesktopServices): DesktopHandlers {
  return {
    'desktop:call-offered': (offer) => {
      notifier.notifyCallOffered(offer);
      return null;
    },
    'desktop:agent-state-changed': (state) => {
      tray.setAgentState(state);
      return null;
    },
    'desktop:credentials-save': async (login) => {
      await credentials.save(login);
      return null;
    },
    'desktop:credentials-load': () => credentials.load(),
    'desktop:credentials-clear': async () => {
      await credentials.clear();
      return null;
    },
  };
}

function wireDesktopServices(win: BrowserWindow, config: ShellConfig): void {
  const services: DesktopServices = {
    tray: createAgentTray({ showWindow: () => bringToFront(win), quit: () => app.quit() }),
    notifier: createCallNotifier(() => (win.isDestroyed() ? null : win)),
    credentials: createCredentialStore({ filePath: join(app.getPath('userData'), CREDENTIALS_FILE) }),
  };
  registerIpcHandlers(ipcMain, createIpcDispatcher(config.origin, desktopHandlers(services)));
  installHotkeys(config.hotkeys, (event) => {
    if (!win.isDestroyed()) win.webContents.send(desktopChannels.hotkey, event);
  });
  app.once('will-quit', () => services.tray.destroy());
}

/**
 * Starts the shell; resolves with the console window, or null when this process must not run one
 * (another instance holds the lock, or the configuration is invalid).
 */
export async function startShell(env: NodeJS.ProcessEnv = process.env): Promise<BrowserWindow | null> {
  // Before ready, so every renderer is sandboxed even if a future change forgets the web preference.
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  await app.whenReady();
  // Without it Windows shows no notifications for an unpackaged (dev) run and groups them wrongly otherwise.
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  const config = loadConfigOrQuit(env);
  if (!config) return null;
  installPermissionHandlers(session.defaultSession, config.origin);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, config.origin));
  const win = createMainWindow({ url: config.url, preloadPath: preloadPath() });
  keepInTray(win);
  app.on('second-instance', () => bringToFront(win));
  app.on('activate', () => bringToFront(win));
  wireDesktopServices(win, config);
  return win;
}
