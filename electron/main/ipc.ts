/**
 * The main-process end of the IPC contract. Every request goes through one dispatcher: unknown channel →
 * NOT_FOUND, sender not on the bridge origin → FORBIDDEN, payload that does not parse → VALIDATION_FAILED,
 * handler throws → its ShellError code or INTERNAL. Each request is handled in its own try/catch, so one bad
 * message cannot break the handler for the next.
 */
import type { IpcMain } from 'electron';
import {
  desktopFail,
  desktopOk,
  invokeChannels,
  invokeSchemas,
  type DesktopResult,
  type InvokeChannel,
  type InvokeResults,
  type ParsedInvokePayload,
} from '../ipc-contract.js';
import { isSameOrigin } from './origin.js';
import { ShellError } from './shell-error.js';

/** One handler per contract channel; it receives the parsed payload and returns the answer's data. */
export type DesktopHandlers = {
  [C in InvokeChannel]: (payload: ParsedInvokePayload<C>) => InvokeResults[C] | Promise<InvokeResults[C]>;
};

/** Answers one request; never throws and never rejects. `senderUrl` is the requesting frame's URL. */
export type IpcDispatch = (
  channel: string,
  senderUrl: string | undefined,
  payload: unknown,
) => Promise<DesktopResult<unknown>>;

function isInvokeChannel(channel: string): channel is InvokeChannel {
  return (invokeChannels as readonly string[]).includes(channel);
}

function validationMessage(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  // Paths and rule messages only: echoing values could put a token into a log or a UI.
  return issues
    .map((issue) => `${issue.path.map(String).join('.') || '(payload)'}: ${issue.message}`)
    .join('; ');
}

function toFailure(channel: InvokeChannel, error: unknown): DesktopResult<never> {
  if (error instanceof ShellError) return desktopFail(error.code, error.message);
  console.error(
    `Desktop handler for ${channel} failed:`,
    error instanceof Error ? error.message : 'non-error thrown',
  );
  return desktopFail('INTERNAL', `The desktop shell could not complete ${channel}.`);
}

async function handle(
  channel: InvokeChannel,
  payload: unknown,
  handlers: DesktopHandlers,
): Promise<DesktopResult<unknown>> {
  const parsed = invokeSchemas[channel].safeParse(payload);
  if (!parsed.success) return desktopFail('VALIDATION_FAILED', validationMessage(parsed.error.issues));
  // The channel and its payload were checked together above; TS cannot correlate the two unions.
  const handler = handlers[channel] as (data: unknown) => unknown;
  try {
    return desktopOk(await handler(parsed.data));
  } catch (error) {
    return toFailure(channel, error);
  }
}

export function createIpcDispatcher(origin: string, handlers: DesktopHandlers): IpcDispatch {
  return async (channel, senderUrl, payload) => {
    if (!isInvokeChannel(channel)) return desktopFail('NOT_FOUND', 'Unknown desktop channel.');
    // Only the console served by the configured bridge may drive the shell (not an error page, not a frame).
    if (!isSameOrigin(senderUrl, origin))
      return desktopFail('FORBIDDEN', `${channel} is not allowed from this page.`);
    return handle(channel, payload, handlers);
  };
}

/** Registers one ipcMain handler per contract channel; returns the function that removes them again. */
export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dispatch: IpcDispatch,
): () => void {
  for (const channel of invokeChannels) {
    ipcMain.handle(channel, (event, payload: unknown) => dispatch(channel, event.senderFrame?.url, payload));
  }
  return () => {
    for (const channel of invokeChannels) ipcMain.removeHandler(channel);
  };
}
