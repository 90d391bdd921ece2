import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { WAV_CONTENT_TYPES } from '../../protocol/campaign.schema';
import type { Role } from '../../protocol/http.schema';
import type { AuthenticatedUser, AuthService } from './auth.service';
import { ApiError, parseOrThrow, requireRole } from './http-errors';

type Schema = z.ZodType | undefined;
type In<S extends Schema> = S extends z.ZodType ? z.infer<S> : undefined;

/**
 * One HTTP endpoint: its contract (zod schemas, roles) and its handler together. The same table registers
 * the routes and generates the OpenAPI document, so the two cannot drift apart.
 */
export interface RouteSpec<Q extends Schema = Schema, P extends Schema = Schema, B extends Schema = Schema> {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  summary: string;
  tag: string;
  roles: readonly Role[] | 'public';
  query?: Q;
  params?: P;
  body?: B;
  /**
   * The body is a file streamed as is, handed to the handler unparsed: `text/csv` or `text/plain` unless `types`
   * names others (all of them in `STREAMED_TYPES`).
   */
  streamBody?: { description: string; types?: readonly string[] };
  response: z.ZodType;
  status?: number;
  handle(input: {
    query: In<Q>;
    params: In<P>;
    body: In<B>;
    /** The streamed body of a `streamBody` route. */
    stream: Readable | undefined;
    user: AuthenticatedUser | null;
    request: FastifyRequest;
  }): unknown;
}

/** A handler's answer sent as a downloaded file (a CSV report) instead of JSON. */
export class FileReply {
  constructor(
    readonly contentType: string,
    readonly fileName: string,
    readonly body: string,
  ) {}
}

export const defineRoute = <Q extends Schema, P extends Schema, B extends Schema>(spec: RouteSpec<Q, P, B>) =>
  spec as unknown as RouteSpec;

export function registerRoutes(app: FastifyInstance, auth: AuthService, routes: readonly RouteSpec[]): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.url,
      handler: async (request, reply) => {
        const user = route.roles === 'public' ? null : requireRole(auth, request, route.roles);
        const input = {
          query: route.query ? parseOrThrow(route.query, request.query) : undefined,
          params: route.params ? parseOrThrow(route.params, request.params) : undefined,
          body: route.body ? parseOrThrow(route.body, request.body ?? {}) : undefined,
          stream: route.streamBody ? streamOf(request, route.streamBody.types ?? TEXT_TYPES) : undefined,
          user,
          request,
        };
        const result = await route.handle(input);
        if (result instanceof FileReply)
          return reply
            .status(route.status ?? 200)
            .header('content-type', result.contentType)
            .header('content-disposition', `attachment; filename="${result.fileName}"`)
            .send(result.body);
        return reply.status(route.status ?? 200).send(result);
      },
    });
  }
}

/** Content types the server hands to handlers as a stream (see `streamBody`). */
export const STREAMED_TYPES = ['text/csv', 'text/plain', ...WAV_CONTENT_TYPES] as const;
const TEXT_TYPES = ['text/csv', 'text/plain'] as const;

function streamOf(request: FastifyRequest, types: readonly string[]): Readable {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (request.body instanceof Readable && types.includes(type)) return request.body;
  if (request.body instanceof Readable) request.body.resume();
  throw new ApiError(
    'VALIDATION_FAILED',
    `send the file as the body with Content-Type ${types.join(' or ')}`,
  );
}

const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const toJson = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

/** OpenAPI 3.1 document built from the route table. */
export function openApiDocument(routes: readonly RouteSpec[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    const parameters = [...objectParams(route.params, 'path'), ...objectParams(route.query, 'query')];
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      summary: route.summary,
      tags: [route.tag],
      security: route.roles === 'public' ? [] : [{ bearer: [] }],
      description: route.roles === 'public' ? 'Public.' : `Roles: ${route.roles.join(', ')}.`,
      parameters,
      ...(route.streamBody
        ? {
            requestBody: {
              required: true,
              description: route.streamBody.description,
              content: Object.fromEntries(
                (route.streamBody.types ?? TEXT_TYPES).map((type) => [type, { schema: { type: 'string' } }]),
              ),
            },
          }
        : {}),
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: toJson(route.body) } } } }
        : {}),
      responses: {
        [String(route.status ?? 200)]: {
          description: 'Success',
          content: {
            'application/json': { schema: z.toJSONSchema(route.response, { unrepresentable: 'any' }) },
          },
        },
        default: { description: 'Error', content: { 'application/json': { schema: toJson(errorBody) } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Ringside CTI bridge', version },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}

function objectParams(schema: Schema, location: 'path' | 'query') {
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => ({
    name,
    in: location,
    required: location === 'path' || !field.safeParse(undefined).success,
    schema: toJson(field),
  }));
}
