/**
 * Shell configuration: which bridge to load and which global hotkeys to bind. Parsed once at start and
 * frozen; a bad value fails fast with a message naming the setting.
 *
 * The bridge URL comes from RINGSIDE_URL, else `bridgeUrl` in settings.json under userData (written by an
 * admin or installer), else the local default. It is deliberately not settable over IPC: whoever sets it
 * decides which origin gets the microphone and the stored token.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const DEFAULT_BRIDGE_URL = 'http://localhost:4780';
export const SETTINGS_FILE = 'settings.json';

/** The global accelerators, in Electron's accelerator syntax. */
export interface HotkeyBindings {
  answer: string;
  hangup: string;
}

export const defaultHotkeys: Readonly<HotkeyBindings> = Object.freeze({
  answer: 'CommandOrControl+Shift+A',
  hangup: 'CommandOrControl+Shift+H',
});

/** The resolved, frozen configuration. `origin` is the only origin the shell trusts. */
export interface ShellConfig {
  readonly url: string;
  readonly origin: string;
  readonly hotkeys: Readonly<HotkeyBindings>;
  /** Non-fatal problems worth logging at start (never contains secrets). */
  readonly warnings: readonly string[];
}

function hasNoCredentials(value: string): boolean {
  // zod runs refinements even after the URL check failed; an unparsable value is reported by that check.
  if (!URL.canParse(value)) return true;
  const url = new URL(value);
  return !url.username && !url.password;
}

const bridgeUrlSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .refine(hasNoCredentials, 'must not contain credentials');

const acceleratorSchema = z.string().trim().min(1).max(60);

const settingsSchema = z.strictObject({
  bridgeUrl: bridgeUrlSchema.optional(),
  hotkeys: z
    .strictObject({ answer: acceleratorSchema.optional(), hangup: acceleratorSchema.optional() })
    .optional(),
});
type Settings = z.output<typeof settingsSchema>;

/** Inputs to `resolveShellConfig`; `settingsText` is null when the settings file does not exist. */
export interface ConfigSources {
  env: Readonly<Record<string, string | undefined>>;
  settingsText: string | null;
  settingsPath: string;
}

/** "setting.path: problem" for each issue; values are not echoed. */
function describe(error: z.ZodError, root: string): string {
  return error.issues
    .map(
      (issue) =>
        `${[root, ...issue.path.map(String)].filter(Boolean).join('.') || '(root)'}: ${issue.message}`,
    )
    .join('; ');
}

function parseSettings(text: string | null, settingsPath: string): Settings {
  if (text === null) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`${settingsPath} is not valid JSON.`);
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${settingsPath}: ${describe(parsed.error, '')}`);
  return parsed.data;
}

function parseEnvUrl(value: string): string {
  const parsed = bridgeUrlSchema.safeParse(value.trim());
  if (!parsed.success) throw new Error(describe(parsed.error, 'RINGSIDE_URL'));
  return parsed.data;
}

function secureContextWarning(url: URL): string[] {
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  // Chromium only grants getUserMedia to secure contexts; plain http is one only on loopback.
  return url.protocol === 'http:' && !local
    ? [
        `Bridge ${url.origin} is plain http on a remote host: the softphone microphone will be blocked; use https.`,
      ]
    : [];
}

export function resolveShellConfig(sources: ConfigSources): ShellConfig {
  const settings = parseSettings(sources.settingsText, sources.settingsPath);
  const envUrl = sources.env['RINGSIDE_URL'];
  const url = envUrl?.trim() ? parseEnvUrl(envUrl) : (settings.bridgeUrl ?? DEFAULT_BRIDGE_URL);
  const parsedUrl = new URL(url);
  return Object.freeze({
    url,
    origin: parsedUrl.origin,
    hotkeys: Object.freeze({ ...defaultHotkeys, ...settings.hotkeys }),
    warnings: Object.freeze(secureContextWarning(parsedUrl)),
  });
}

function readOptional(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Reads settings.json from `userDataDir` (missing is fine) and resolves the configuration. */
export function loadShellConfig(userDataDir: string, env: ConfigSources['env']): ShellConfig {
  const settingsPath = join(userDataDir, SETTINGS_FILE);
  return resolveShellConfig({ env, settingsText: readOptional(settingsPath), settingsPath });
}
