/** The times of a call its bridge lost (it died while the call was up), as recorded so far. */
export interface OpenCallTimes {
  queuedAt: number;
  offeredAt: number | null;
  answeredAt: number | null;
}

export interface InterruptedEnd {
  endedAt: number;
  /** Time waited until the answer, or until the end when never answered. */
  waitMs: number;
  /** Null when the call was never answered. */
  talkMs: number | null;
}

/**
 * Where a lost call is closed: at the last moment its bridge was known alive, never before the last thing
 * recorded for the call itself (a call that arrived between the last heartbeat and the crash). Without any
 * heartbeat (a database from before they were stamped) that last recorded moment is all there is.
 */
export function interruptedEnd(call: OpenCallTimes, lastAliveAt: number | null): InterruptedEnd {
  const lastRecorded = Math.max(call.queuedAt, call.offeredAt ?? 0, call.answeredAt ?? 0);
  const endedAt = Math.max(lastAliveAt ?? lastRecorded, lastRecorded);
  if (call.answeredAt === null) return { endedAt, waitMs: endedAt - call.queuedAt, talkMs: null };
  return {
    endedAt,
    waitMs: Math.max(0, call.answeredAt - call.queuedAt),
    talkMs: endedAt - call.answeredAt,
  };
}
