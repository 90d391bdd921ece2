import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './http-errors';
import { cspNonceOf } from './security-headers';

/** What renderer/vite.config.ts (`html.cspNonce`) writes where each response's nonce belongs. */
export const CSP_NONCE_PLACEHOLDER = 'RINGSIDE_CSP_NONCE';

/** A path naming a file (`/assets/index.js.map`), not a console route (`/history`). */
const looksLikeFile = (url: string) => /\.[A-Za-z0-9]+$/.test(url.split('?')[0] ?? '');

/**
 * Serves the built console: its assets as files, and its page (for `/` and every console route) with this
 * response's CSP nonce filled in. Source maps are never served: they would publish the console's source.
 */
export async function registerConsole(app: FastifyInstance, rendererDir: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: rendererDir,
    prefix: '/',
    index: false,
    allowedPath: (pathName) => !pathName.endsWith('.map'),
  });
  const page = async (_request: FastifyRequest, reply: FastifyReply) => {
    const html = await readFile(join(rendererDir, 'index.html'), 'utf8');
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(html.replaceAll(CSP_NONCE_PLACEHOLDER, cspNonceOf(reply.raw)));
  };
  app.get('/', page);
  app.get('/index.html', page);
  // The console is a single-page app: unknown non-API paths get its page; unknown files are not found.
  app.setNotFoundHandler((request, reply) =>
    looksLikeFile(request.url) ? sendError(reply, 'NOT_FOUND', 'no such file') : page(request, reply),
  );
}
