import type {
  CampaignState,
  CampaignView,
  CreateCampaign,
  UpdateCampaign,
} from '../../../protocol/campaign.schema';
import { fail, ok, type Result } from '../../../protocol/errors';
import { windowProblem } from '../../domain/compliance/calling-window';
import type { AuditRepository } from '../../repositories/audit.repository';
import type { CampaignRecord, CampaignsRepository } from '../../repositories/campaigns.repository';

type Action = 'start' | 'pause' | 'stop';

/** Which state each action leads to, from which states. A stopped campaign is finished: it never runs again. */
const transitions: Record<Action, { to: CampaignState; from: readonly CampaignState[] }> = {
  start: { to: 'running', from: ['draft', 'paused'] },
  pause: { to: 'paused', from: ['running'] },
  stop: { to: 'stopped', from: ['draft', 'running', 'paused'] },
};

/** Default abandon window: the US TSR counts 30 days per campaign, Ofcom 24 hours. */
const defaultAbandonWindowHours = (rules: CreateCampaign['rules']) => (rules === 'UK' ? 24 : 720);

/** Campaign administration: validation (the law's calling window first), state changes, every change audited. */
export function createCampaignsService(deps: {
  now: () => number;
  campaigns: CampaignsRepository;
  audit: AuditRepository;
}) {
  const { campaigns } = deps;

  function validate(
    input: CreateCampaign | (UpdateCampaign & Pick<CampaignView, 'rules' | 'callingWindow'>),
    id?: number,
  ) {
    const problem = windowProblem(input.callingWindow, input.rules);
    if (problem === 'invalid')
      return fail('VALIDATION_FAILED', 'callingWindow: from and to must differ and be HH:MM');
    if (problem === 'too-wide')
      return fail(
        'CALLING_WINDOW_TOO_WIDE',
        `callingWindow ${input.callingWindow.from}–${input.callingWindow.to} is wider than 08:00–21:00 allowed under ${input.rules} rules`,
      );
    if (
      input.maxAttemptsPerDay !== undefined &&
      input.maxAttempts !== undefined &&
      input.maxAttemptsPerDay > input.maxAttempts
    )
      return fail('VALIDATION_FAILED', 'maxAttemptsPerDay: cannot exceed maxAttempts');
    if (input.name !== undefined && campaigns.nameTaken(input.name, id))
      return fail('CONFLICT', `a campaign named "${input.name}" exists`);
    if (input.agentIds) {
      const known = new Set(campaigns.existingUserIds(input.agentIds));
      const unknown = input.agentIds.filter((agentId) => !known.has(agentId));
      if (unknown.length) return fail('VALIDATION_FAILED', `agentIds: no user ${unknown.join(', ')}`);
    }
    return null;
  }

  function businessTypeIds(input: { businessType?: string | null; skill?: string | null }) {
    const resolve = (code: string | null | undefined, field: string) => {
      if (code === undefined) return { ok: true as const, id: undefined };
      if (code === null) return { ok: true as const, id: null };
      const id = campaigns.businessTypeId(code);
      return id === null ? { ok: false as const, field } : { ok: true as const, id };
    };
    const businessType = resolve(input.businessType, 'businessType');
    const skill = resolve(input.skill, 'skill');
    if (!businessType.ok || !skill.ok)
      return fail(
        'VALIDATION_FAILED',
        `${businessType.ok ? 'skill' : 'businessType'}: no such business type`,
      );
    // a retired type is offered for nothing new (retiring one is refused while a campaign uses it)
    const retired = [input.businessType, input.skill].find(
      (code): code is string => typeof code === 'string' && campaigns.businessTypeRetired(code),
    );
    if (retired) return fail('VALIDATION_FAILED', `business type ${retired} is retired`);
    return ok({ businessTypeId: businessType.id, skillBusinessTypeId: skill.id });
  }

  function audit(
    userId: number | null,
    campaignId: number,
    action: string,
    details: Record<string, unknown>,
  ) {
    deps.audit.record({
      at: deps.now(),
      actorUserId: userId,
      action,
      subject: `campaign:${campaignId}`,
      decision: 'done',
      details,
    });
  }

  return {
    list: () => campaigns.list(),
    get(id: number): Result<CampaignView> {
      const campaign = campaigns.findById(id);
      return campaign ? ok(campaign) : fail('NOT_FOUND', `no campaign ${id}`);
    },
    create(input: CreateCampaign, userId: number | null): Result<CampaignView> {
      const problem = validate(input);
      if (problem) return problem;
      const ids = businessTypeIds(input);
      if (!ids.ok) return ids;
      const record: CampaignRecord = {
        ...withoutCodes(input),
        businessTypeId: ids.data.businessTypeId ?? null,
        skillBusinessTypeId: ids.data.skillBusinessTypeId ?? null,
        abandonWindowHours: input.abandonWindowHours ?? defaultAbandonWindowHours(input.rules),
        maxAttemptsPerDay: input.maxAttemptsPerDay ?? Math.min(3, input.maxAttempts),
      };
      const created = campaigns.create(record, userId, deps.now());
      audit(userId, created.id, 'campaign.create', { campaign: created });
      return ok(created);
    },
    update(id: number, patch: UpdateCampaign, userId: number | null): Result<CampaignView> {
      const current = campaigns.findById(id);
      if (!current) return fail('NOT_FOUND', `no campaign ${id}`);
      const merged = {
        ...patch,
        rules: patch.rules ?? current.rules,
        callingWindow: patch.callingWindow ?? current.callingWindow,
      };
      const problem = validate(
        {
          ...merged,
          maxAttempts: patch.maxAttempts ?? current.maxAttempts,
          maxAttemptsPerDay: patch.maxAttemptsPerDay ?? current.maxAttemptsPerDay,
        },
        id,
      );
      if (problem) return problem;
      const ids = businessTypeIds(patch);
      if (!ids.ok) return ids;
      const updated = campaigns.update(
        id,
        {
          ...withoutCodes(patch),
          ...(ids.data.businessTypeId !== undefined ? { businessTypeId: ids.data.businessTypeId } : {}),
          ...(ids.data.skillBusinessTypeId !== undefined
            ? { skillBusinessTypeId: ids.data.skillBusinessTypeId }
            : {}),
        },
        deps.now(),
      );
      if (!updated) return fail('NOT_FOUND', `no campaign ${id}`);
      const before: Record<string, unknown> = {};
      for (const key of Object.keys(patch)) before[key] = current[key as keyof CampaignView];
      audit(userId, id, 'campaign.update', { before, after: patch });
      return ok(updated);
    },
    act(id: number, action: Action, userId: number | null): Result<CampaignView> {
      const current = campaigns.findById(id);
      if (!current) return fail('NOT_FOUND', `no campaign ${id}`);
      const transition = transitions[action];
      if (!transition.from.includes(current.state))
        return fail('INVALID_STATE', `cannot ${action} a campaign that is ${current.state}`);
      const updated = campaigns.setState(id, transition.to, deps.now());
      if (!updated) return fail('NOT_FOUND', `no campaign ${id}`);
      audit(userId, id, `campaign.${action}`, { from: current.state, to: transition.to });
      return ok(updated);
    },
  };
}

export type CampaignsService = ReturnType<typeof createCampaignsService>;

/** The input without the business-type codes (the record carries their ids). */
function withoutCodes<T extends { businessType?: unknown; skill?: unknown }>(
  input: T,
): Omit<T, 'businessType' | 'skill'> {
  const copy = { ...input };
  delete copy.businessType;
  delete copy.skill;
  return copy;
}
