import { z } from 'zod';
import {
  ABANDON_RECORDING_LIMITS,
  campaignViewSchema,
  createCampaignSchema,
  headerMappingSchema,
  leadImportResultSchema,
  leadStatusSchema,
  leadViewSchema,
  leadsSummarySchema,
  updateCampaignSchema,
  WAV_CONTENT_TYPES,
  type ImportProgress,
} from '../../../protocol/campaign.schema';
import { scrubReportSchema } from '../../../protocol/compliance.schema';
import { idParamSchema } from '../../../protocol/http.schema';
import type { LeadsRepository } from '../../repositories/leads.repository';
import type { DncListsService } from '../../services/compliance/dnc-lists.service';
import type { AbandonRecordingsService } from '../../services/outbound/abandon-recordings.service';
import type { CampaignsService } from '../../services/outbound/campaigns.service';
import type { LeadImportService } from '../../services/outbound/lead-import.service';
import { ApiError, unwrap } from '../http-errors';
import { defineRoute, type RouteSpec } from '../route-spec';

export interface CampaignRoutesDeps {
  campaigns: CampaignsService;
  leadImport: LeadImportService;
  leads: LeadsRepository;
  dncLists: DncListsService;
  recordings: AbandonRecordingsService;
  /** Import progress for the user who started it (socket `campaign:import-progressed`). */
  progressTo: (userId: number, progress: ImportProgress) => void;
}

const admins = ['admin'] as const;
const managers = ['supervisor', 'admin'] as const;
const everyone = ['agent', 'supervisor', 'admin'] as const;
const importQuery = z.object({
  /** JSON object: file header → lead field, e.g. {"mobile":"phone"} */
  mapping: z
    .string()
    .max(4000)
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return undefined;
      try {
        return headerMappingSchema.parse(JSON.parse(text));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object of header → field' });
        return z.NEVER;
      }
    }),
});
const recordingQuery = z.object({
  /** The file name as picked (shown in the console; never a path on the server). */
  name: z
    .string()
    .max(500)
    .default('recording.wav')
    .transform((name) =>
      (name.split(/[\\/]/).pop() ?? '')
        // eslint-disable-next-line no-control-regex
        .replace(/[\u0000-\u001f\u007f]/g, '')
        .slice(0, 120),
    ),
});
const leadsQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  status: leadStatusSchema.optional(),
});

export function campaignRoutes(deps: CampaignRoutesDeps): RouteSpec[] {
  const existing = (id: number) => unwrap(deps.campaigns.get(id));
  return [
    defineRoute({
      method: 'POST',
      url: '/api/campaigns',
      summary:
        'Create an outbound campaign (draft); US/UK rules refuse a calling window wider than 08:00–21:00',
      tag: 'campaigns',
      roles: admins,
      body: createCampaignSchema,
      response: campaignViewSchema,
      status: 201,
      handle: ({ body, user }) => unwrap(deps.campaigns.create(body, user?.id ?? null)),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/campaigns',
      summary: 'All campaigns',
      tag: 'campaigns',
      roles: everyone,
      response: z.object({ campaigns: z.array(campaignViewSchema) }),
      handle: () => ({ campaigns: deps.campaigns.list() }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/campaigns/:id',
      summary: 'One campaign',
      tag: 'campaigns',
      roles: everyone,
      params: idParamSchema,
      response: campaignViewSchema,
      handle: ({ params }) => existing(params.id),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/campaigns/:id',
      summary: 'Change a campaign (audited with the values before and after)',
      tag: 'campaigns',
      roles: admins,
      params: idParamSchema,
      body: updateCampaignSchema,
      response: campaignViewSchema,
      handle: ({ params, body, user }) => unwrap(deps.campaigns.update(params.id, body, user?.id ?? null)),
    }),
    ...(['start', 'pause', 'stop'] as const).map((action) =>
      defineRoute({
        method: 'POST',
        url: `/api/campaigns/:id/${action}`,
        summary: `${action} a campaign (audited); a stopped campaign stays stopped`,
        tag: 'campaigns',
        roles: managers,
        params: idParamSchema,
        response: campaignViewSchema,
        handle: ({ params, user }) => unwrap(deps.campaigns.act(params.id, action, user?.id ?? null)),
      }),
    ),
    defineRoute({
      method: 'POST',
      url: '/api/campaigns/:id/leads/import',
      summary:
        'Import a CSV lead list (body: the file, Content-Type text/csv); progress on socket campaign:import-progressed',
      tag: 'campaigns',
      roles: admins,
      params: idParamSchema,
      query: importQuery,
      streamBody: {
        description:
          'UTF-8 CSV (BOM optional, CRLF or LF) with a header line: phone (required), first_name, last_name, name, company, email, timezone, notes, any other column kept as a lead field.',
      },
      response: leadImportResultSchema,
      handle: async ({ params, query, stream, user, request }) => {
        existing(params.id);
        if (!stream) throw new ApiError('VALIDATION_FAILED', 'the CSV file is the body');
        const length = Number(request.headers['content-length']);
        const userId = user?.id ?? null;
        return unwrap(
          await deps.leadImport.importCsv({
            campaignId: params.id,
            input: stream,
            mapping: query.mapping,
            userId,
            totalBytes: Number.isFinite(length) ? length : null,
            onProgress: (progress) => userId !== null && deps.progressTo(userId, progress),
          }),
        );
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/campaigns/:id/abandon-recording',
      summary:
        "Upload the campaign's abandon message as a WAV (played instead of its spoken text; converted to 8 kHz mono; audited)",
      tag: 'campaigns',
      roles: admins,
      params: idParamSchema,
      query: recordingQuery,
      streamBody: {
        description: `A WAV file (PCM, A-law, µ-law or float; any rate; mono or stereo) of ${ABANDON_RECORDING_LIMITS.minMs / 1000}–${ABANDON_RECORDING_LIMITS.maxMs / 1000} s and at most ${ABANDON_RECORDING_LIMITS.maxBytes} bytes. Errors: AUDIO_NOT_WAV, AUDIO_TOO_LARGE, AUDIO_TOO_SHORT, AUDIO_TOO_LONG, AUDIO_NOT_CONVERTED.`,
        types: WAV_CONTENT_TYPES,
      },
      response: campaignViewSchema,
      handle: async ({ params, query, stream, user, request }) => {
        existing(params.id);
        if (!stream) throw new ApiError('VALIDATION_FAILED', 'the WAV file is the body');
        const length = Number(request.headers['content-length']);
        if (Number.isFinite(length) && length > ABANDON_RECORDING_LIMITS.maxBytes) {
          stream.resume();
          throw new ApiError(
            'AUDIO_TOO_LARGE',
            `the file is over ${ABANDON_RECORDING_LIMITS.maxBytes} bytes`,
          );
        }
        return unwrap(
          await deps.recordings.upload({
            campaignId: params.id,
            input: stream,
            name: query.name || 'recording.wav',
            userId: user?.id ?? null,
          }),
        );
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/campaigns/:id/abandon-recording',
      summary: "Remove the campaign's uploaded abandon message: its text is spoken again (audited)",
      tag: 'campaigns',
      roles: admins,
      params: idParamSchema,
      response: campaignViewSchema,
      handle: async ({ params, user }) => unwrap(await deps.recordings.remove(params.id, user?.id ?? null)),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/campaigns/:id/leads/summary',
      summary: "A campaign's leads by status, linked customers, recent imports",
      tag: 'campaigns',
      roles: managers,
      params: idParamSchema,
      response: leadsSummarySchema,
      handle: ({ params }) => {
        existing(params.id);
        return deps.leads.summary(params.id);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/campaigns/:id/leads',
      summary: "A page of a campaign's leads (id order, after `after`)",
      tag: 'campaigns',
      roles: managers,
      params: idParamSchema,
      query: leadsQuery,
      response: z.object({ leads: z.array(leadViewSchema) }),
      handle: ({ params, query }) => {
        existing(params.id);
        return { leads: deps.leads.page(params.id, query.after, query.limit, query.status) };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/campaigns/:id/leads/imports/:importId/rejected',
      summary: 'The rejected rows of one import (the downloadable report)',
      tag: 'campaigns',
      roles: admins,
      params: z.object({
        id: z.coerce.number().int().positive(),
        importId: z.coerce.number().int().positive(),
      }),
      response: z.object({ rejected: z.array(z.unknown()) }),
      handle: ({ params }) => {
        const rejected = deps.leads.importReport(params.id, params.importId);
        if (!rejected)
          throw new ApiError('NOT_FOUND', `no import ${params.importId} in campaign ${params.id}`);
        return { rejected };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/campaigns/:id/scrub',
      summary: "Scrub report: which of the campaign's leads are on a DNC list (global, campaign, registry)",
      tag: 'campaigns',
      roles: managers,
      params: idParamSchema,
      query: z.object({ limit: z.coerce.number().int().min(0).max(10_000).default(1000) }),
      response: scrubReportSchema,
      handle: ({ params, query }) => {
        existing(params.id);
        return deps.dncLists.scrub(params.id, query.limit);
      },
    }),
  ];
}
