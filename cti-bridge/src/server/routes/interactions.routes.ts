import { dispositionCorrectedSchema, dispositionCorrectionSchema } from '../../../protocol/call.schema';
import { idParamSchema } from '../../../protocol/http.schema';
import type { DispositionCorrectionService } from '../../services/disposition-correction';
import { ApiError, unwrap } from '../http-errors';
import { defineRoute, type RouteSpec } from '../route-spec';

/** Supervisors' actions on recorded calls. */
export function interactionRoutes(deps: { corrections: DispositionCorrectionService }): RouteSpec[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/interactions/:id/disposition',
      summary: "Correct a call's disposition (supervisors; audited with who and why)",
      tag: 'interactions',
      roles: ['supervisor', 'admin'],
      params: idParamSchema,
      body: dispositionCorrectionSchema,
      response: dispositionCorrectedSchema,
      handle: ({ params, body, user }) => {
        if (!user) throw new ApiError('UNAUTHENTICATED', 'a valid bearer token is required');
        return unwrap(deps.corrections.correct(user.id, params.id, body));
      },
    }),
  ];
}
