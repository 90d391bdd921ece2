/**
 * The IPC contract between the Electron shell (main process) and the console (renderer, through the preload).
 * Imports zod only: the preload bundles it and the renderer may import it, so no node:* and no electron here.
 *
 * Renderer → main messages are requests on `ipcRenderer.invoke`; every one is zod-parsed in main and answered
 * with a `DesktopResult`. Main → renderer pushes are listed in `pushSchemas`.
 */
import { z } from 'zod';

/**
 * Bumped when the exposed desktop API changes incompatibly. The bridge serves the renderer, so a console may
 * be newer or older than the installed shell and checks this before trusting `window.ringsideDesktop`.
 */
export const DESKTOP_API_VERSION = 1;

/** The global the preload exposes in the renderer (`window.ringsideDesktop`). */
export const DESKTOP_API_GLOBAL = 'ringsideDesktop';

export const desktopChannels = {
  callOffered: 'desktop:call-offered',
  agentStateChanged: 'desktop:agent-state-changed',
  credentialsSave: 'desktop:credentials-save',
  credentialsLoad: 'desktop:credentials-load',
  credentialsClear: 'desktop:credentials-clear',
  hotkey: 'desktop:hotkey',
} as const;

/**
 * Mirrors `agentStatuses` in cti-bridge/protocol. Copied rather than imported because this file may import
 * zod only; tests/unit/electron/ipc-contract.test.ts fails if the two lists drift apart.
 */
export const desktopAgentStatuses = [
  'logged-out',
  'not-ready',
  'ready',
  'ringing',
  'on-call',
  'wrap-up',
] as const;
export type DesktopAgentStatus = (typeof desktopAgentStatuses)[number];

export const hotkeyActions = ['answer', 'hangup'] as const;
export type HotkeyAction = (typeof hotkeyActions)[number];

/**
 * An offered call, as far as the OS needs to know. `callerLabel` appears in an OS notification (possibly on a
 * locked screen), so the renderer passes a customer name or a masked number, never a full phone number.
 */
export const callOfferedSchema = z.strictObject({
  callerLabel: z.string().trim().min(1).max(120),
  businessType: z.string().trim().min(1).max(60),
});
export type CallOfferedNotice = z.input<typeof callOfferedSchema>;

/** The agent state for the tray. `label` is the renderer's translated text; main falls back to English. */
export const agentStateChangedSchema = z.strictObject({
  status: z.enum(desktopAgentStatuses),
  label: z.string().trim().min(1).max(80).optional(),
});
export type AgentStateNotice = z.input<typeof agentStateChangedSchema>;

export const credentialsSchema = z.strictObject({
  username: z.string().trim().min(1).max(128),
  token: z.string().min(1).max(8192),
});
/** The remembered login: username and bridge session token, stored encrypted by the shell. */
export type Credentials = z.output<typeof credentialsSchema>;

const emptyPayloadSchema = z.strictObject({});

export const hotkeyEventSchema = z.strictObject({ action: z.enum(hotkeyActions) });
export type HotkeyEvent = z.output<typeof hotkeyEventSchema>;

/** Renderer → main requests; main refuses any channel not listed here. */
export const invokeSchemas = {
  [desktopChannels.callOffered]: callOfferedSchema,
  [desktopChannels.agentStateChanged]: agentStateChangedSchema,
  [desktopChannels.credentialsSave]: credentialsSchema,
  [desktopChannels.credentialsLoad]: emptyPayloadSchema,
  [desktopChannels.credentialsClear]: emptyPayloadSchema,
} as const;
export type InvokeChannel = keyof typeof invokeSchemas;
export const invokeChannels = Object.freeze(Object.keys(invokeSchemas)) as readonly InvokeChannel[];

/** What the renderer sends on a channel (before zod defaults and trimming). */
export type InvokePayload<C extends InvokeChannel> = z.input<(typeof invokeSchemas)[C]>;
/** What a main-process handler receives on a channel (after parsing). */
export type ParsedInvokePayload<C extends InvokeChannel> = z.output<(typeof invokeSchemas)[C]>;

/** The `data` of a successful answer, per channel. */
export interface InvokeResults {
  'desktop:call-offered': null;
  'desktop:agent-state-changed': null;
  'desktop:credentials-save': null;
  'desktop:credentials-load': Credentials | null;
  'desktop:credentials-clear': null;
}

/** Main → renderer pushes; the preload drops payloads that do not parse. */
export const pushSchemas = {
  [desktopChannels.hotkey]: hotkeyEventSchema,
} as const;
export type PushChannel = keyof typeof pushSchemas;

/** A subset of the protocol's error catalog (a test keeps it a subset), so the console maps codes one way. */
export const desktopErrorCodes = [
  'VALIDATION_FAILED',
  'FORBIDDEN',
  'NOT_FOUND',
  'NOT_AVAILABLE',
  'INTERNAL',
] as const;
export type DesktopErrorCode = (typeof desktopErrorCodes)[number];

/** An error that crossed the IPC boundary as data. `message` never contains payload values. */
export interface DesktopError {
  code: DesktopErrorCode;
  message: string;
}

export type DesktopResult<T> = { ok: true; data: T } | { ok: false; error: DesktopError };

export const desktopOk = <T>(data: T): DesktopResult<T> => ({ ok: true, data });
export const desktopFail = (code: DesktopErrorCode, message: string): { ok: false; error: DesktopError } => ({
  ok: false,
  error: { code, message },
});

/**
 * The whole API the preload exposes as `window.ringsideDesktop`. Every request resolves (never rejects) with a
 * `DesktopResult`; there is no way to name a channel, so the renderer can reach only these operations.
 */
export interface RingsideDesktopApi {
  /** Equals `DESKTOP_API_VERSION` of the shell that exposed it. */
  readonly apiVersion: number;
  /** Shows an OS notification and brings the console to the front (restore, focus, flash). */
  notifyCallOffered(offer: CallOfferedNotice): Promise<DesktopResult<null>>;
  /** Updates the tray tooltip, icon and menu to the agent's current state. */
  setAgentState(state: AgentStateNotice): Promise<DesktopResult<null>>;
  /** Stores the login encrypted with the OS keychain; fails with NOT_AVAILABLE when there is none. */
  saveCredentials(credentials: Credentials): Promise<DesktopResult<null>>;
  /** The remembered login, or null when none is stored (or it can no longer be decrypted). */
  loadCredentials(): Promise<DesktopResult<Credentials | null>>;
  clearCredentials(): Promise<DesktopResult<null>>;
  /** Calls `listener` for each global hotkey press; returns the function that unsubscribes it. */
  onHotkey(listener: (event: HotkeyEvent) => void): () => void;
}
