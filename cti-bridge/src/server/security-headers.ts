import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

export interface SecurityHeadersOptions {
  /** Where softphones register (Kamailio's SIP-over-WebSocket URL): the console opens a socket to it. */
  sipWsUri: string;
}

/** The nonce of one response's policy; the console page carries it so run-time style tags can be admitted. */
const nonces = new WeakMap<ServerResponse, string>();

export function cspNonceOf(response: ServerResponse): string {
  const nonce = nonces.get(response);
  if (!nonce) throw new Error('no CSP nonce: security headers are not registered before this route');
  return nonce;
}

const nonceSource = (_request: IncomingMessage, response: ServerResponse) =>
  `'nonce-${cspNonceOf(response)}'`;

/** The bridge's own origin as WebSocket URLs (socket.io upgrades there), whatever host name the client used. */
const ownSockets = (request: IncomingMessage) => {
  const host = request.headers.host;
  return host && /^[A-Za-z0-9.:[\]-]+$/.test(host) ? `ws://${host} wss://${host}` : '';
};

/**
 * Security headers on every answer (the console, its assets, the API, errors): a strict Content-Security-Policy
 * that the console and the Electron shell (which loads this origin) live under, nosniff, no framing, no referrer.
 */
export async function registerSecurityHeaders(
  app: FastifyInstance,
  options: SecurityHeadersOptions,
): Promise<void> {
  const sip = new URL(options.sipWsUri);
  app.addHook('onRequest', async (_request, reply) => {
    nonces.set(reply.raw, randomBytes(16).toString('base64'));
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        // Only the bundle the bridge serves; no inline script, no eval.
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        // Style sheets from the bridge, and style tags only when they carry this response's nonce: the UI
        // library (Mantine) writes its CSS variables into <style> tags at run time and gives them the nonce the
        // page carries (<meta property="csp-nonce">, read by renderer/src/services/csp-nonce.ts), so
        // 'unsafe-inline' is not needed. React's style={...} props are set through the CSSOM, which CSP allows.
        styleSrc: ["'self'", nonceSource],
        styleSrcAttr: ["'none'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        // socket.io to this origin (ws/wss for the same host) and the softphone's SIP-over-WebSocket to Kamailio.
        connectSrc: ["'self'", ownSockets, `${sip.protocol}//${sip.host}`],
        // The ringtone is generated in the page and played from a blob: URL; call audio is a MediaStream.
        mediaSrc: ["'self'", 'blob:'],
        workerSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameSrc: ["'none'"],
        frameAncestors: ["'none'"],
        // No upgrade-insecure-requests: on a plain-http LAN address it would send the console's own requests
        // to an https port that does not exist. TLS is the reverse proxy's job (README, production).
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // HSTS belongs to whatever terminates TLS (it knows whether every subdomain is https); sent over plain
    // http it would be ignored anyway.
    strictTransportSecurity: false,
  });
}

/** Customer data must not stay in a browser or proxy cache: every API answer says no-store. */
export function registerNoStoreForApi(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/')) void reply.header('cache-control', 'no-store');
  });
}
