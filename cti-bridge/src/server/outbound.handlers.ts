import { fail, ok } from '../../protocol/errors';
import type { CampaignStatsService } from '../services/outbound/campaign-stats';
import type { Dialer } from '../services/outbound/dialer';
import type { OutboundCalls } from '../services/outbound/outbound-calls';
import { floorRoles } from './agent.handlers';
import type { CommandTable } from './socket-server';

export const outboundCommandNames = [
  'campaign:list-workable',
  'campaign:join',
  'campaign:leave',
  'preview:next',
  'preview:dial',
  'preview:skip',
  'outbound:hangup',
  'outbound:dial-number',
  'callbacks:due',
  'callbacks:take',
  'callbacks:dial',
  'campaign:watch',
  'campaign:pacing',
] as const;
export type OutboundCommand = (typeof outboundCommandNames)[number];

const watchers = ['supervisor', 'admin'] as const;

/** The outbound namespace: campaigns, preview cards, dials and callbacks (agents), live figures (supervisors). */
export function outboundCommands(deps: {
  dialer: Dialer;
  calls: OutboundCalls;
  stats: CampaignStatsService;
  now: () => number;
}): Pick<CommandTable, OutboundCommand> {
  const { dialer } = deps;
  return {
    'campaign:list-workable': { roles: floorRoles, handle: (user) => ok(dialer.workable(user.id)) },
    'campaign:join': {
      roles: floorRoles,
      handle: (user, { campaignId }) => dialer.join(user.id, campaignId),
    },
    'campaign:leave': { roles: floorRoles, handle: (user) => dialer.leave(user.id) },
    'preview:next': { roles: floorRoles, handle: (user) => dialer.next(user.id) },
    'preview:dial': { roles: floorRoles, handle: (user, { leadId }) => dialer.dial(user.id, leadId) },
    'preview:skip': {
      roles: floorRoles,
      handle: (user, { leadId, reason, note }) => dialer.skip(user.id, leadId, reason, note ?? ''),
    },
    'outbound:hangup': {
      roles: floorRoles,
      handle: (user, { callId }) => {
        const call = deps.calls.get(callId);
        if (!call || call.agentId !== user.id) return fail('INVALID_STATE', 'no such call at your position');
        deps.calls.ended(callId, deps.now(), 'agent');
        return ok(null);
      },
    },
    'outbound:dial-number': {
      roles: floorRoles,
      handle: (user, { number, customerId }) => dialer.dialNumber(user.id, number, customerId ?? null),
    },
    'callbacks:due': { roles: floorRoles, handle: (user) => ok(dialer.callbacksDue(user.id)) },
    'callbacks:take': {
      roles: floorRoles,
      handle: (user, { followUpId }) => dialer.takeCallback(user.id, followUpId),
    },
    'callbacks:dial': {
      roles: floorRoles,
      handle: (user, { followUpId }) => dialer.dialFollowUp(user.id, followUpId),
    },
    'campaign:watch': {
      roles: watchers,
      handle: (_user, { campaignId }) => {
        const stats = deps.stats.stats(campaignId);
        return stats ? ok(stats) : fail('NOT_FOUND', `campaign ${campaignId} does not exist`);
      },
    },
    'campaign:pacing': {
      roles: watchers,
      handle: (_user, { campaignId }) => ok(deps.stats.pacing(campaignId)),
    },
  };
}
