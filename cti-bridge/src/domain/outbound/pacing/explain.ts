/** The supervisor's one-line account of a pacing decision, from its reason and figures. */
import { assertNever } from '../../assert-never';
import type { PacingDecision } from './pacing-types';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const sec = (ms: number): string => `${(ms / 1000).toFixed(0)} s`;

export function explainPacing(decision: Omit<PacingDecision, 'explanation'>): string {
  const { figures: f, budget: b } = decision;
  const why = reasonText(decision);
  const estimates =
    `p(answer) ${pct(f.pAnswer.mean)} (95% ${pct(f.pAnswer.low)}–${pct(f.pAnswer.high)}, planned ${pct(f.pAnswer.planned)}), ` +
    `answer in ~${sec(f.medianAnswerMs)}, handle ~${sec(f.meanHandleMs)}`;
  const floor =
    `${f.readyAgents} ready + ${f.agentsFreeing.toFixed(1)} freeing within ${sec(f.horizonMs)}; ` +
    `${f.ringing} ringing, ${f.answeredWaiting} answered waiting`;
  const budget =
    `abandons ${pct(b.rate)} of answers in the window (${b.remaining.toFixed(1)} left), ` +
    `allowance ${pct(b.allowance)}, risk planned ${pct(f.predictedAbandonRate)}`;
  return `Launch ${decision.launch} (${decision.mode}): ${why}. ${floor}. ${estimates}. ${budget}. Lines ${f.lines}/${f.maxLines}.`;
}

function reasonText(decision: Omit<PacingDecision, 'explanation'>): string {
  switch (decision.reason) {
    case 'no-agents':
      return 'no agents are logged in';
    case 'line-cap':
      return 'the campaign’s line limit is reached';
    case 'budget-spent':
      return 'the abandon budget is spent, so only one call per ready agent';
    case 'risk-limit':
      return 'more calls would risk more abandons than the budget allows';
    case 'agents-covered':
      return 'one call per ready agent; any more would exceed the abandon allowance';
    default:
      return assertNever(decision.reason);
  }
}
