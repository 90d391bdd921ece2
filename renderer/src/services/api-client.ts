import { z } from 'zod';
import { fromStatus, isErrorCode, uiError, type UiError, type UiResult } from './ui-error';

/**
 * Typed fetch against the bridge's HTTP API (same origin). Every response is validated with the protocol's zod
 * schema; failures come back as data (`UiResult`), never as exceptions.
 */
let bearer: string | null = null;
let onUnauthorized: (() => void) | null = null;

export function setApiToken(token: string | null): void {
  bearer = token;
}

/** Called when an authenticated request is refused with 401: the session is gone. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

const errorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string().optional() }) });

async function readError(res: Response): Promise<UiError> {
  const body: unknown = await res.json().catch(() => null);
  const parsed = errorBodySchema.safeParse(body);
  if (parsed.success && isErrorCode(parsed.data.error.code)) {
    return uiError(parsed.data.error.code, parsed.data.error.message ?? '');
  }
  return uiError(fromStatus(res.status), res.statusText);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** A file sent as it is (CSV imports), with its content type; instead of a JSON `body`. */
  file?: { data: Blob; contentType: string };
}

export async function apiRequest<T>(
  schema: z.ZodType<T>,
  path: string,
  options: RequestOptions = {},
): Promise<UiResult<T>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  // Only declare a JSON body when there is one: an empty body labelled JSON is a 400 on most servers.
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.file) headers['Content-Type'] = options.file.contentType;
  let res: Response;
  try {
    res = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.file
        ? options.file.data
        : options.body === undefined
          ? undefined
          : JSON.stringify(options.body),
    });
  } catch (err) {
    return { ok: false, error: uiError('NETWORK', err instanceof Error ? err.message : String(err)) };
  }
  if (!res.ok) {
    const error = await readError(res);
    if (res.status === 401 && bearer) onUnauthorized?.();
    return { ok: false, error };
  }
  const json: unknown = res.status === 204 ? null : await res.json().catch(() => null);
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    // The query string may carry phone numbers: log the route only.
    console.error('[api] response does not match the contract', path.split('?')[0], parsed.error.issues);
    return { ok: false, error: uiError('BAD_RESPONSE', 'Unexpected response from the server') };
  }
  return { ok: true, data: parsed.data };
}

/** A file the bridge makes (a CSV export), saved by the browser under the name the bridge gives it. */
export async function apiDownload(path: string, fallbackName: string): Promise<UiResult<string>> {
  let res: Response;
  try {
    res = await fetch(path, { headers: bearer ? { Authorization: `Bearer ${bearer}` } : {} });
  } catch (err) {
    return { ok: false, error: uiError('NETWORK', err instanceof Error ? err.message : String(err)) };
  }
  if (!res.ok) return { ok: false, error: await readError(res) };
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
  return { ok: true, data: name };
}
