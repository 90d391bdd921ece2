/** One simulated shift end to end: scenario + dialing mode → report. Used by the CLI, the tests and the bench. */
import { DEFAULT_PACING_POLICY, type PacingDecision } from '../../../domain/outbound/pacing/pacing-types';
import { dialStrategy, type DialMode } from './dial-strategies';
import { shiftReport, type ShiftReport } from './shift-report';
import { runShift } from './sim-dialer-loop';
import type { ShiftScenario } from './shift-scenario';

export function simulateShift(
  scenario: ShiftScenario,
  mode: DialMode,
  onDecision?: (decision: PacingDecision) => void,
): ShiftReport {
  const policy = {
    ...DEFAULT_PACING_POLICY,
    abandonTarget: scenario.abandonTarget,
    maxLines: scenario.maxLines,
  };
  return shiftReport(runShift(scenario, dialStrategy(mode, policy, onDecision)));
}
