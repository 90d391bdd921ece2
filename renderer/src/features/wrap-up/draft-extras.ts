import { createStore } from '../../services/store';

/**
 * What another feature knows about an interaction's wrap-up: a campaign call offers only its campaign's
 * dispositions, schedules its callback in the callee's time zone, and for the agent or for anyone.
 */
export interface DraftExtras {
  /** Disposition codes offered (empty: all). */
  allowedCodes: readonly string[];
  /** The callee's IANA zone: the callback time is entered in it. */
  zone: string | null;
  callbackFor: 'me' | 'anyone';
}

export const draftExtrasStore = createStore<Record<number, DraftExtras>>({});

export function setDraftExtras(interactionId: number, extras: DraftExtras): void {
  draftExtrasStore.update((all) => ({ ...all, [interactionId]: extras }));
}

export function patchDraftExtras(interactionId: number, patch: Partial<DraftExtras>): void {
  draftExtrasStore.update((all) => {
    const current = all[interactionId];
    return current ? { ...all, [interactionId]: { ...current, ...patch } } : all;
  });
}

export function extrasOf(interactionId: number): DraftExtras | undefined {
  return draftExtrasStore.get()[interactionId];
}

/** The instant of a `YYYY-MM-DDTHH:MM` wall-clock time in `zone` (DST-correct to the minute). */
export function zonedInputToEpoch(value: string, zone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  const offsetAt = (at: number): number => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    }).formatToParts(at);
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - at;
  };
  try {
    // two passes settle the offset across a DST change
    let at = wall - offsetAt(wall);
    at = wall - offsetAt(at);
    return at;
  } catch {
    return null;
  }
}
