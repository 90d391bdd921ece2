import { sendCommand } from '../../services/cti-client';
import type { SetStateCommand } from '../../services/protocol';
import type { UiResult } from '../../services/ui-error';
import { applyAckedState } from './agent-state-store';

/** Reasons an agent can pick for not-ready; the bridge also accepts other short reasons. */
export const notReadyReasons = ['break', 'lunch', 'meeting', 'training'] as const;
export type NotReadyReason = (typeof notReadyReasons)[number];

export function isNotReadyReason(value: string): value is NotReadyReason {
  return (notReadyReasons as readonly string[]).includes(value);
}

export async function setAgentState(command: SetStateCommand): Promise<UiResult<null>> {
  const res = await sendCommand('agent:set-state', command);
  if (!res.ok) return res;
  applyAckedState(res.data);
  return { ok: true, data: null };
}
