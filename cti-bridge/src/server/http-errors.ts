import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { errorCatalog, type ErrorCode, type Result } from '../../protocol/errors';
import type { Role } from '../../protocol/http.schema';
import type { AuthenticatedUser, AuthService } from './auth.service';

/** An error that leaves the HTTP API as `{error:{code,message}}` with the catalog's status. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Sent with the error answer (e.g. Retry-After with RATE_LIMITED). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues
    .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
    .join('; ');
  throw new ApiError('VALIDATION_FAILED', detail);
}

export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.data;
  throw new ApiError(result.error.code, result.error.message);
}

export function sendError(reply: FastifyReply, code: ErrorCode, message: string): FastifyReply {
  return reply.status(errorCatalog[code].status).send({ error: { code, message } });
}

const bearer = (request: FastifyRequest) => {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
};

/** Authenticates the request and checks its role; every non-public endpoint calls this first. */
export function requireRole(
  auth: AuthService,
  request: FastifyRequest,
  roles: readonly Role[],
): AuthenticatedUser {
  const user = auth.authenticate(bearer(request));
  if (!user) throw new ApiError('UNAUTHENTICATED', 'a valid bearer token is required');
  if (!roles.includes(user.role)) throw new ApiError('FORBIDDEN', `requires role ${roles.join(' or ')}`);
  return user;
}

export const bearerToken = bearer;
