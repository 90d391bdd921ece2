import { z } from 'zod';
import type { ImportProgress } from '../../../protocol/campaign.schema';
import {
  addDncSchema,
  dncImportQuerySchema,
  dncImportResultSchema,
  dncRegistryViewSchema,
  dncSearchQuerySchema,
  dncSearchResponseSchema,
  removeDncQuerySchema,
} from '../../../protocol/dnc.schema';
import type { DncRepository } from '../../repositories/dnc.repository';
import type { DncImportService } from '../../services/compliance/dnc-import.service';
import type { DncListsService } from '../../services/compliance/dnc-lists.service';
import type { CampaignsService } from '../../services/outbound/campaigns.service';
import { ApiError, unwrap } from '../http-errors';
import { defineRoute, type RouteSpec } from '../route-spec';

export interface DncRoutesDeps {
  dncLists: DncListsService;
  dncImport: DncImportService;
  dnc: DncRepository;
  campaigns: CampaignsService;
  progressTo: (userId: number, progress: ImportProgress) => void;
}

const admins = ['admin'] as const;
const managers = ['supervisor', 'admin'] as const;

export function dncRoutes(deps: DncRoutesDeps): RouteSpec[] {
  const campaignMustExist = (id: number | undefined) => {
    if (id !== undefined) unwrap(deps.campaigns.get(id));
  };
  return [
    defineRoute({
      method: 'POST',
      url: '/api/dnc',
      summary: "Put a number on the global list or a campaign's list, with a reason (audited)",
      tag: 'dnc',
      roles: managers,
      body: addDncSchema,
      response: z.object({ e164: z.string(), added: z.boolean() }),
      status: 201,
      handle: ({ body, user }) => {
        campaignMustExist(body.campaignId);
        return unwrap(
          deps.dncLists.add({
            number: body.number,
            campaignId: body.campaignId ?? null,
            reason: body.reason,
            userId: user?.id ?? 0,
          }),
        );
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/dnc',
      summary: "Take a number off the global list or a campaign's list (audited; reason optional)",
      tag: 'dnc',
      roles: admins,
      query: removeDncQuerySchema,
      response: z.object({ e164: z.string(), removed: z.boolean() }),
      handle: ({ query, user }) =>
        unwrap(
          deps.dncLists.remove({
            number: query.number,
            campaignId: query.campaignId ?? null,
            reason: query.reason ?? null,
            userId: user?.id ?? 0,
          }),
        ),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/dnc/search',
      summary: 'Why is this number blocked: every DNC list it is on (global, campaigns, registries)',
      tag: 'dnc',
      roles: managers,
      query: dncSearchQuerySchema,
      response: dncSearchResponseSchema,
      handle: ({ query }) => deps.dncLists.search(query.number),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/dnc/registries',
      summary: 'The imported DNC registries',
      tag: 'dnc',
      roles: managers,
      response: z.object({ registries: z.array(dncRegistryViewSchema) }),
      handle: () => ({
        registries: deps.dnc
          .registries()
          .map(({ name, numbers, bytes, importedAt }) => ({ name, numbers, bytes, importedAt })),
      }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/dnc/import',
      summary:
        'Import DNC numbers (body: one number a line, or a CSV with a phone column) into the global list, a campaign list (?campaignId) or a registry (?registry=name); progress on socket campaign:import-progressed',
      tag: 'dnc',
      roles: admins,
      query: dncImportQuerySchema,
      streamBody: { description: 'One number a line, or CSV with a phone column (text/plain or text/csv).' },
      response: dncImportResultSchema,
      handle: async ({ query, stream, user, request }) => {
        campaignMustExist(query.campaignId);
        if (!stream) throw new ApiError('VALIDATION_FAILED', 'the file is the body');
        const length = Number(request.headers['content-length']);
        const userId = user?.id ?? null;
        return unwrap(
          await deps.dncImport.importFile({
            input: stream,
            campaignId: query.campaignId ?? null,
            registry: query.registry ?? null,
            reason: query.reason ?? null,
            userId,
            totalBytes: Number.isFinite(length) ? length : null,
            onProgress: (progress) => userId !== null && deps.progressTo(userId, progress),
          }),
        );
      },
    }),
  ];
}
