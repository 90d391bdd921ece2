import { idParamSchema } from '../../../protocol/http.schema';
import {
  createUserSchema,
  resetPasswordSchema,
  updateUserSchema,
  userAdminViewSchema,
  userListSchema,
} from '../../../protocol/users.schema';
import type { UserAdminService } from '../../services/users/user-admin.service';
import type { AuthenticatedUser } from '../auth.service';
import { ApiError, unwrap } from '../http-errors';
import { defineRoute, type RouteSpec } from '../route-spec';

const admins = ['admin'] as const;

const actor = (user: AuthenticatedUser | null): number => {
  if (!user) throw new ApiError('UNAUTHENTICATED', 'a valid bearer token is required');
  return user.id;
};

/** Account administration (admins only; every change audited with who did it). */
export function userRoutes(deps: { users: UserAdminService }): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/users',
      summary: 'Every account with its role, state, SIP identity and skills',
      tag: 'users',
      roles: admins,
      response: userListSchema,
      handle: () => ({ users: deps.users.list() }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/users',
      summary: 'Create an account (strong password; the SIP identity is the username)',
      tag: 'users',
      roles: admins,
      body: createUserSchema,
      response: userAdminViewSchema,
      status: 201,
      handle: async ({ body, user }) => unwrap(await deps.users.create(actor(user), body)),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/users/:id',
      summary: 'Rename an account or change its role (the last enabled admin keeps theirs)',
      tag: 'users',
      roles: admins,
      params: idParamSchema,
      body: updateUserSchema,
      response: userAdminViewSchema,
      handle: ({ params, body, user }) => unwrap(deps.users.update(actor(user), params.id, body)),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/users/:id/disable',
      summary: 'Disable an account: its sessions end and its consoles are signed out at once',
      tag: 'users',
      roles: admins,
      params: idParamSchema,
      response: userAdminViewSchema,
      handle: ({ params, user }) => unwrap(deps.users.disable(actor(user), params.id)),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/users/:id/enable',
      summary: 'Enable a disabled account again',
      tag: 'users',
      roles: admins,
      params: idParamSchema,
      response: userAdminViewSchema,
      handle: ({ params, user }) => unwrap(deps.users.enable(actor(user), params.id)),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/users/:id/password',
      summary: "Reset an account's password (strong-password rules); its open sessions end",
      tag: 'users',
      roles: admins,
      params: idParamSchema,
      body: resetPasswordSchema,
      response: userAdminViewSchema,
      handle: async ({ params, body, user }) =>
        unwrap(await deps.users.resetPassword(actor(user), params.id, body.password)),
    }),
  ];
}
