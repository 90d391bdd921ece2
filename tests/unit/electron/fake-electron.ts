/**
 * An in-memory stand-in for the `electron` module (its binary cannot run here). Each test file mocks
 * `electron` with `electronFake` and calls `resetElectronFake()` before each test. Only the members the
 * shell uses exist, with the same names and call shapes as Electron's.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

type Listener = (...args: unknown[]) => void;

/** A cancellable event like Electron's, with an optional `url` as will-navigate carries. */
export class FakeEvent {
  defaultPrevented = false;
  constructor(readonly url = '') {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  readonly send = vi.fn();
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return false;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  minimized = false;
  visible = false;
  destroyed = false;
  readonly loadURL = vi.fn((_url: string) => Promise.resolve());
  readonly restore = vi.fn(() => {
    this.minimized = false;
  });
  readonly show = vi.fn(() => {
    this.visible = true;
  });
  readonly hide = vi.fn(() => {
    this.visible = false;
  });
  readonly focus = vi.fn();
  readonly flashFrame = vi.fn();
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export interface FakeMenuItem {
  label?: string;
  type?: string;
  enabled?: boolean;
  click?: () => void;
}

export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = [];
  tooltip = '';
  menu: FakeMenuItem[] = [];
  image: unknown;
  readonly destroy = vi.fn();
  constructor(image: unknown) {
    super();
    this.image = image;
    FakeTray.instances.push(this);
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: { items: FakeMenuItem[] }): void {
    this.menu = menu.items;
  }
  setImage(image: unknown): void {
    this.image = image;
  }
}

export class FakeNotification extends EventEmitter {
  static supported = true;
  static instances: FakeNotification[] = [];
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  readonly show = vi.fn();
  readonly close = vi.fn();
  constructor(readonly options: { title: string; body: string }) {
    super();
    FakeNotification.instances.push(this);
  }
}

class FakeApp extends EventEmitter {
  readonly enableSandbox = vi.fn();
  readonly requestSingleInstanceLock = vi.fn(() => true);
  readonly whenReady = vi.fn(() => Promise.resolve());
  readonly getPath = vi.fn((_name: string) => '/nonexistent/ringside-user-data');
  readonly quit = vi.fn();
  readonly exit = vi.fn();
  readonly setAppUserModelId = vi.fn();
}

function createFakeSession() {
  return {
    requestHandler: null as Listener | null,
    checkHandler: null as ((...args: unknown[]) => boolean) | null,
    deviceHandler: null as ((...args: unknown[]) => boolean) | null,
    setPermissionRequestHandler(handler: Listener) {
      this.requestHandler = handler;
    },
    setPermissionCheckHandler(handler: (...args: unknown[]) => boolean) {
      this.checkHandler = handler;
    },
    setDevicePermissionHandler(handler: (...args: unknown[]) => boolean) {
      this.deviceHandler = handler;
    },
    /** Header rewriting: the shell must not use it (it would override the bridge's security headers). */
    webRequest: { onHeadersReceived: vi.fn(), onBeforeSendHeaders: vi.fn() },
  };
}

/** Reversible, clearly-not-plaintext "encryption" so tests can see what reached the disk. */
function createFakeSafeStorage() {
  return {
    available: true,
    backend: 'gnome_libsecret',
    isEncryptionAvailable: vi.fn(function (this: { available: boolean }) {
      return this.available;
    }),
    getSelectedStorageBackend: vi.fn(function (this: { backend: string }) {
      return this.backend;
    }),
    encryptString: vi.fn((text: string) => Buffer.from(`enc:${Buffer.from(text).toString('base64')}`)),
    decryptString: vi.fn((blob: Buffer) => {
      const text = blob.toString();
      if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided');
      return Buffer.from(text.slice(4), 'base64').toString();
    }),
  };
}

function createFakeGlobalShortcut() {
  const bound = new Map<string, () => void>();
  return {
    bound,
    taken: new Set<string>(),
    register: vi.fn(function (this: { taken: Set<string> }, accelerator: string, callback: () => void) {
      if (this.taken.has(accelerator)) return false;
      bound.set(accelerator, callback);
      return true;
    }),
    unregister: vi.fn((accelerator: string) => {
      bound.delete(accelerator);
    }),
    unregisterAll: vi.fn(() => bound.clear()),
  };
}

function createFakeIpcMain() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  return {
    handlers,
    handle: vi.fn((channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, handler);
    }),
    removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
  };
}

function createFakeIpcRenderer() {
  const emitter = new EventEmitter();
  return {
    emitter,
    invoke: vi.fn((_channel: string, _payload: unknown): Promise<unknown> =>
      Promise.resolve({ ok: true, data: null }),
    ),
    on: vi.fn((channel: string, listener: Listener) => emitter.on(channel, listener)),
    removeListener: vi.fn((channel: string, listener: Listener) => emitter.removeListener(channel, listener)),
  };
}

function createModule() {
  return {
    app: new FakeApp(),
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    Notification: FakeNotification,
    Menu: { buildFromTemplate: vi.fn((items: FakeMenuItem[]) => ({ items })) },
    nativeImage: { createFromBitmap: vi.fn((buffer: Buffer, size: object) => ({ buffer, size })) },
    shell: { openExternal: vi.fn((_url: string) => Promise.resolve()) },
    session: { defaultSession: createFakeSession() },
    safeStorage: createFakeSafeStorage(),
    globalShortcut: createFakeGlobalShortcut(),
    ipcMain: createFakeIpcMain(),
    ipcRenderer: createFakeIpcRenderer(),
    contextBridge: { exposeInMainWorld: vi.fn() },
    dialog: { showErrorBox: vi.fn() },
    /** Privileged schemes can bypass CSP: the shell registers none. */
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  };
}

/** The mocked module's exports; members are replaced in place by `resetElectronFake`. */
export const electronFake = createModule();

export function resetElectronFake(): void {
  Object.assign(electronFake, createModule());
  FakeBrowserWindow.instances = [];
  FakeTray.instances = [];
  FakeNotification.instances = [];
  FakeNotification.supported = true;
}
