import { z } from 'zod';
import {
  businessTypeListSchema,
  businessTypeReasonSchema,
  businessTypeSchema,
  createBusinessTypeSchema,
  updateBusinessTypeSchema,
} from '../../../protocol/business-types.schema';
import { idParamSchema } from '../../../protocol/http.schema';
import { changeReasonSchema } from '../../../protocol/queue-admin.schema';
import type { BusinessTypesService } from '../../services/business-types/business-types.service';
import type { AuthenticatedUser } from '../auth.service';
import { ApiError, unwrap } from '../http-errors';
import { defineRoute, type RouteSpec } from '../route-spec';

const admins = ['admin'] as const;
const managers = ['supervisor', 'admin'] as const;

const actor = (user: AuthenticatedUser | null): number => {
  if (!user) throw new ApiError('UNAUTHENTICATED', 'a valid bearer token is required');
  return user.id;
};

/** Business types: supervisors read them with what uses each; admins add, rename, retire and delete (audited). */
export function businessTypeRoutes(deps: { types: BusinessTypesService }): RouteSpec[] {
  const { types } = deps;
  return [
    defineRoute({
      method: 'GET',
      url: '/api/business-types',
      summary: 'Every business type (retired ones too) with what uses it',
      tag: 'business-types',
      roles: managers,
      response: businessTypeListSchema,
      handle: () => ({ businessTypes: types.list() }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/business-types',
      summary: 'Add a business type (code, English and Chinese names; audited with the reason)',
      tag: 'business-types',
      roles: admins,
      body: createBusinessTypeSchema,
      response: businessTypeSchema,
      status: 201,
      handle: ({ body, user }) => unwrap(types.create(actor(user), body)),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/business-types/:id',
      summary: 'Rename a business type (English and/or Chinese name; the code stays; audited)',
      tag: 'business-types',
      roles: admins,
      params: idParamSchema,
      body: updateBusinessTypeSchema,
      response: businessTypeSchema,
      handle: ({ params, body, user }) => unwrap(types.rename(actor(user), params.id, body)),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/business-types/:id/retire',
      summary:
        'Retire a business type (kept for history, offered for nothing new); 409 IN_USE lists what still uses it',
      tag: 'business-types',
      roles: admins,
      params: idParamSchema,
      body: businessTypeReasonSchema,
      response: businessTypeSchema,
      handle: ({ params, body, user }) => unwrap(types.retire(actor(user), params.id, body.reason)),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/business-types/:id/restore',
      summary: 'Put a retired business type back in service (audited)',
      tag: 'business-types',
      roles: admins,
      params: idParamSchema,
      body: businessTypeReasonSchema,
      response: businessTypeSchema,
      handle: ({ params, body, user }) => unwrap(types.restore(actor(user), params.id, body.reason)),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/business-types/:id',
      summary:
        'Delete a business type nothing uses, recorded calls included (audited); 409 IN_USE lists what does',
      tag: 'business-types',
      roles: admins,
      params: idParamSchema,
      query: z.object({ reason: changeReasonSchema }).strict(),
      response: z.object({ id: z.number().int(), code: z.string() }),
      handle: ({ params, query, user }) => unwrap(types.remove(actor(user), params.id, query.reason)),
    }),
  ];
}
