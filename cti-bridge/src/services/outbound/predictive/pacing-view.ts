import type { CampaignView } from '../../../../protocol/campaign.schema';
import type { PacingDecisionRecord, PacingView } from '../../../../protocol/pacing.schema';
import type { PacingDecision } from '../../../domain/outbound/pacing/pacing-types';

/** What supervisors see of a campaign's pacing now: the last decision with its figures, budget and reasons. */
export function pacingView(
  campaign: CampaignView,
  decision: PacingDecision,
  placed: number,
  recent: PacingDecisionRecord[],
): PacingView {
  const { figures: f, budget, inputs } = decision;
  const available = f.readyAgents + f.agentsFreeing;
  return {
    campaignId: campaign.id,
    name: campaign.name,
    at: inputs.at,
    mode: decision.mode,
    reason: decision.reason,
    dialLevel: f.lines / Math.max(1, available),
    launch: decision.launch,
    placed,
    estimates: {
      pAnswer: f.pAnswer,
      medianAnswerMs: f.medianAnswerMs,
      meanHandleMs: f.meanHandleMs,
      agentsFreeing: f.agentsFreeing,
      expectedAnswers: f.expectedAnswers,
      expectedAgents: f.expectedAgents,
      predictedAbandonRate: f.predictedAbandonRate,
      calibration: f.calibration,
    },
    abandon: {
      answers: inputs.window.answers,
      abandons: inputs.window.abandons,
      rate: budget.rate,
      target: inputs.policy.abandonTarget,
      windowHours: campaign.abandonWindowHours,
      budget: budget.state,
      remaining: budget.remaining,
      allowance: budget.allowance,
    },
    agents: {
      loggedIn: inputs.floor.ready + inputs.floor.talkingMs.length + inputs.floor.wrappingMs.length,
      ready: inputs.floor.ready,
      talking: inputs.floor.talkingMs.length,
      wrapping: inputs.floor.wrappingMs.length,
    },
    lines: {
      ringing: f.ringing,
      answeredWaiting: f.answeredWaiting,
      inUse: f.ringing + f.answeredWaiting + placed,
      max: f.maxLines,
    },
    explanation: decision.explanation,
    recent,
  };
}
