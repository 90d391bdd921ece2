import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from '../logger';
import type { AuthService } from './auth.service';
import { ApiError, sendError } from './http-errors';
import { openApiDocument, registerRoutes, type RouteSpec } from './route-spec';

export interface HttpServerDeps {
  auth: AuthService;
  routes: RouteSpec[];
  version: string;
  /** The built console (renderer/dist); served at `/` when present. */
  rendererDir: string;
  log: Logger;
}

export async function createHttpServer(deps: HttpServerDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 1_000_000 });
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof ApiError) return sendError(reply, error.code, error.message);
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500)
      return sendError(reply, 'VALIDATION_FAILED', (error as Error).message);
    deps.log.error('request failed', { error: error instanceof Error ? error.message : String(error) });
    return sendError(reply, 'INTERNAL', 'the request failed on the server');
  });
  registerRoutes(app, deps.auth, deps.routes);
  const document = openApiDocument(deps.routes, deps.version);
  app.get('/api/openapi.json', async () => document);
  app.all('/api/*', async (_request, reply) => sendError(reply, 'NOT_FOUND', 'no such endpoint'));
  if (existsSync(deps.rendererDir)) {
    await app.register(fastifyStatic, { root: deps.rendererDir, prefix: '/' });
    // The console is a single-page app: unknown non-API paths get its index.
    app.setNotFoundHandler((_request, reply) => reply.sendFile('index.html'));
  } else {
    deps.log.warn('console build not found; run `npm run build:renderer`', { dir: deps.rendererDir });
  }
  return app;
}
