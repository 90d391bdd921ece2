import { z } from 'zod';
import { apiRequest } from './api-client';
import {
  customerCardSchema,
  customerSummarySchema,
  dispositionOptionSchema,
  healthSchema,
  interactionViewSchema,
  loginResponseSchema,
  lookupResultSchema,
  simCallResponseSchema,
  userViewSchema,
  type CreateCustomerInput,
} from './protocol';

const searchResponseSchema = z.object({ customers: z.array(customerSummarySchema) });
const interactionsResponseSchema = z.object({ interactions: z.array(interactionViewSchema) });
const dispositionsResponseSchema = z.object({ dispositions: z.array(dispositionOptionSchema) });

/** The bridge's HTTP endpoints, one typed function each. */
export const ringsideApi = {
  login: (username: string, password: string) =>
    apiRequest(loginResponseSchema, '/api/auth/login', { method: 'POST', body: { username, password } }),
  logout: () => apiRequest(z.unknown(), '/api/auth/logout', { method: 'POST' }),
  me: () => apiRequest(userViewSchema, '/api/me'),
  health: () => apiRequest(healthSchema, '/api/health'),
  lookup: (number: string) =>
    apiRequest(lookupResultSchema, `/api/customers/lookup?${new URLSearchParams({ number })}`),
  searchCustomers: (q: string, limit = 20) =>
    apiRequest(
      searchResponseSchema,
      `/api/customers/search?${new URLSearchParams({ q, limit: String(limit) })}`,
    ),
  createCustomer: (input: CreateCustomerInput) =>
    apiRequest(customerCardSchema, '/api/customers', { method: 'POST', body: input }),
  getCustomer: (id: number) => apiRequest(customerCardSchema, `/api/customers/${id}`),
  customerInteractions: (id: number) =>
    apiRequest(interactionsResponseSchema, `/api/customers/${id}/interactions`),
  dispositions: () => apiRequest(dispositionsResponseSchema, '/api/dispositions'),
  simulateCall: (from: string, to: string) =>
    apiRequest(simCallResponseSchema, '/api/sim/calls', { method: 'POST', body: { from, to } }),
};
