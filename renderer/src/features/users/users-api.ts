import { apiRequest } from '../../services/api-client';
import {
  userAdminViewSchema,
  userListSchema,
  type CreateUser,
  type UpdateUser,
} from '../../services/protocol';

/** The admins' account endpoints (the bridge checks the role, the password rules and the last admin). */
export const usersApi = {
  list: () => apiRequest(userListSchema, '/api/users'),
  create: (body: CreateUser) => apiRequest(userAdminViewSchema, '/api/users', { method: 'POST', body }),
  update: (id: number, body: UpdateUser) =>
    apiRequest(userAdminViewSchema, `/api/users/${id}`, { method: 'PATCH', body }),
  disable: (id: number) => apiRequest(userAdminViewSchema, `/api/users/${id}/disable`, { method: 'POST' }),
  enable: (id: number) => apiRequest(userAdminViewSchema, `/api/users/${id}/enable`, { method: 'POST' }),
  resetPassword: (id: number, password: string) =>
    apiRequest(userAdminViewSchema, `/api/users/${id}/password`, { method: 'POST', body: { password } }),
};
