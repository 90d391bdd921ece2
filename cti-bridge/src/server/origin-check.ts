import type { IncomingMessage } from 'node:http';

/**
 * Whether a socket handshake may proceed: a browser always sends Origin on a WebSocket (and on cross-origin
 * polling), so a page on another site cannot open a console socket with a token it obtained. Accepted: no
 * Origin (desktop and server clients, same-origin polling), the bridge's own origin (the Origin's host is
 * the Host the request came to, also behind a reverse proxy that keeps Host), or a configured origin.
 */
export function originAllowed(request: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (allowedOrigins.includes(origin)) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  return host !== '' && host === request.headers.host?.toLowerCase();
}
