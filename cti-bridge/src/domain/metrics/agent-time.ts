import { ratio, type StateRecord, type Window } from './metric-types';

/** Where an agent's time in a window went. */
export interface AgentTime {
  /** ms per status (`ready`, `ringing`, `on-call`, `wrap-up`, `not-ready`; logged-out time is not counted). */
  byStatus: Record<string, number>;
  /** ms of not-ready time per reason. */
  notReadyByReason: Record<string, number>;
  /** (ringing + on call + wrap-up) ÷ (ready + ringing + on call + wrap-up); null with no available time. */
  occupancy: number | null;
}

const BUSY = ['ringing', 'on-call', 'wrap-up'];

/**
 * Time per state of one agent over a window, from their state log sorted by time. The row in force at
 * `window.from` (the last one before it) must be included; the last row lasts until `window.to` (pass the
 * current instant as `to` for the live view).
 */
export function agentTime(log: readonly StateRecord[], window: Window): AgentTime {
  const byStatus: Record<string, number> = {};
  const notReadyByReason: Record<string, number> = {};
  log.forEach((row, index) => {
    const end = log[index + 1]?.at ?? window.to;
    const ms = Math.min(end, window.to) - Math.max(row.at, window.from);
    if (ms <= 0 || row.status === 'logged-out') return;
    byStatus[row.status] = (byStatus[row.status] ?? 0) + ms;
    if (row.status === 'not-ready') {
      const reason = row.reason ?? 'unknown';
      notReadyByReason[reason] = (notReadyByReason[reason] ?? 0) + ms;
    }
  });
  const busy = BUSY.reduce((sum, status) => sum + (byStatus[status] ?? 0), 0);
  return { byStatus, notReadyByReason, occupancy: ratio(busy, busy + (byStatus['ready'] ?? 0)) };
}

/** Sums several agents' time (a team, a campaign's agents): occupancy over the summed time. */
export function sumAgentTime(times: readonly AgentTime[]): AgentTime {
  const byStatus: Record<string, number> = {};
  const notReadyByReason: Record<string, number> = {};
  for (const time of times) {
    for (const [k, v] of Object.entries(time.byStatus)) byStatus[k] = (byStatus[k] ?? 0) + v;
    for (const [k, v] of Object.entries(time.notReadyByReason))
      notReadyByReason[k] = (notReadyByReason[k] ?? 0) + v;
  }
  const busy = BUSY.reduce((sum, status) => sum + (byStatus[status] ?? 0), 0);
  return { byStatus, notReadyByReason, occupancy: ratio(busy, busy + (byStatus['ready'] ?? 0)) };
}
