import { existsSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from '../logger';
import type { AuthService } from './auth.service';
import { registerConsole } from './console-page';
import { ApiError, sendError } from './http-errors';
import { openApiDocument, registerRoutes, STREAMED_TYPES, type RouteSpec } from './route-spec';
import { registerNoStoreForApi, registerSecurityHeaders } from './security-headers';

export interface HttpServerDeps {
  auth: AuthService;
  routes: RouteSpec[];
  version: string;
  /** The built console (renderer/dist); served at `/` when present. */
  rendererDir: string;
  log: Logger;
  /** Kamailio's SIP-over-WebSocket URL, allowed in the console's Content-Security-Policy. */
  sipWsUri: string;
  /** Plugins the routes rely on (the login throttle), registered before them. */
  plugins?: Array<(app: FastifyInstance) => Promise<void>>;
}

export async function createHttpServer(deps: HttpServerDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 1_000_000 });
  // First, so that every answer (routes, files, 404s, errors) carries the headers.
  await registerSecurityHeaders(app, { sipWsUri: deps.sipWsUri });
  registerNoStoreForApi(app);
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof ApiError) return sendError(reply.headers(error.headers), error.code, error.message);
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500)
      return sendError(reply, 'VALIDATION_FAILED', (error as Error).message);
    deps.log.error('request failed', { error: error instanceof Error ? error.message : String(error) });
    return sendError(reply, 'INTERNAL', 'the request failed on the server');
  });
  for (const plugin of deps.plugins ?? []) await plugin(app);
  // Imports (CSV lead lists, DNC files) stream through as they arrive; each handler bounds its own size.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser([...STREAMED_TYPES], (_request, payload, done) => done(null, payload));
  registerRoutes(app, deps.auth, deps.routes);
  const document = openApiDocument(deps.routes, deps.version);
  app.get('/api/openapi.json', async () => document);
  app.all('/api/*', async (_request, reply) => sendError(reply, 'NOT_FOUND', 'no such endpoint'));
  if (existsSync(deps.rendererDir)) await registerConsole(app, deps.rendererDir);
  else {
    deps.log.warn('console build not found; run `npm run build:renderer`', { dir: deps.rendererDir });
  }
  return app;
}

/** How long a stop lets requests in flight finish before their connections are cut. */
export const STOP_GRACE_MS = 2000;

/**
 * Closes the socket.io server (`closeSockets`, which also closes the HTTP server it shares) and then Fastify;
 * connections still busy after `graceMs` are cut. Both wait for every request in flight, and a client that sent
 * half a request (or a browser holding one open) would keep a stop — and the restart after it — waiting until
 * Node's own header timeout, a minute later.
 */
export async function closeHttpServer(
  app: FastifyInstance,
  closeSockets: () => Promise<void>,
  graceMs = STOP_GRACE_MS,
): Promise<void> {
  const cut = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await closeSockets();
    await app.close();
  } catch {
    // already closed by socket.io: nothing left to wait for
  } finally {
    clearTimeout(cut);
  }
}
