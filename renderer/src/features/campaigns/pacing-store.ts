import type { PacingView } from '../../services/protocol';
import { createStore } from '../../services/store';

/** One pacing decision on the supervisor's chart. */
export interface PacingPoint {
  at: number;
  dialLevel: number;
  /** The abandon rate over the campaign's window, as a fraction. */
  abandonRate: number;
}

/** The predictive campaign a supervisor watches: its pacing now and the recent decisions (oldest first). */
export interface PacingState {
  campaignId: number | null;
  view: PacingView | null;
  history: PacingPoint[];
}

/** Points kept on the chart: a few minutes of one-second decisions. */
const KEEP = 180;

export const pacingStore = createStore<PacingState>({ campaignId: null, view: null, history: [] });

function merged(history: PacingPoint[], points: PacingPoint[]): PacingPoint[] {
  const byAt = new Map(history.map((p) => [p.at, p]));
  for (const p of points) byAt.set(p.at, p);
  return [...byAt.values()].sort((a, b) => a.at - b.at).slice(-KEEP);
}

const pointOf = (view: PacingView): PacingPoint => ({
  at: view.at,
  dialLevel: view.dialLevel,
  abandonRate: view.abandon.rate,
});

/** The answer to `campaign:pacing`: the view now, and the stored recent decisions behind it. */
export function pacingLoaded(campaignId: number, view: PacingView | null): void {
  const recent = (view?.recent ?? []).flatMap((r) =>
    r.dialLevel === undefined || r.abandonRate === undefined
      ? []
      : [{ at: r.at, dialLevel: r.dialLevel, abandonRate: r.abandonRate }],
  );
  pacingStore.set({
    campaignId,
    view,
    history: merged([], view ? [...recent, pointOf(view)] : []),
  });
}

/** `campaign:pacing-changed`: the watched campaign's next decision. */
export function pacingPushed(view: PacingView): void {
  pacingStore.update((s) =>
    s.campaignId !== view.campaignId ? s : { ...s, view, history: merged(s.history, [pointOf(view)]) },
  );
}
