import { checkQueueSettings, type QueueConfig, type QueueSettings } from '../../services/protocol';

/** The queue form as the admin types it: numbers may be blank, hours and holidays are text. */
export interface QueueDraft {
  code: string;
  name: string;
  nameZh: string;
  businessType: string | null;
  slaTargetPercent: number | string;
  slaTargetSec: number | string;
  priority: number | string;
  ringTimeoutSec: number | string;
  maxWaitSec: number | string;
  maxWaitAction: QueueSettings['maxWaitAction'];
  maxWaitQueue: string | null;
  overflowQueue: string | null;
  overflowAfterSec: number | string;
  timeZone: string;
  alwaysOpen: boolean;
  /** Per weekday (0 Sunday … 6), its spans as text: `09:00-12:00, 13:00-18:00`; blank: closed that day. */
  hours: string[];
  /** One holiday a line: `2026-12-25 Christmas`. */
  holidays: string;
  afterHoursAction: QueueSettings['afterHoursAction'];
  afterHoursReason: string;
  tierOrder: string;
  wrapUpSec: number | string;
  dispositionRequired: boolean;
  callbacksEnabled: boolean;
  reason: string;
}

/** Field → the problem to show under it (`hours.<day>` for a weekday's spans). */
export type FieldErrors = Record<string, string>;

export function draftOf(queue: QueueConfig | null): QueueDraft {
  const hours = Array.from({ length: 7 }, (_, day) =>
    (queue?.openingHours ?? [])
      .filter((span) => span.day === day)
      .map((span) => `${span.from}-${span.to}`)
      .join(', '),
  );
  return {
    code: queue?.code ?? '',
    name: queue?.name ?? '',
    nameZh: queue?.nameZh ?? '',
    businessType: queue?.businessType ?? null,
    slaTargetPercent: queue?.slaTargetPercent ?? 80,
    slaTargetSec: queue?.slaTargetSec ?? 20,
    priority: queue?.priority ?? 0,
    ringTimeoutSec: queue?.ringTimeoutSec ?? 20,
    maxWaitSec: queue?.maxWaitSec ?? 600,
    maxWaitAction: queue?.maxWaitAction ?? 'after-hours',
    maxWaitQueue: queue?.maxWaitQueue ?? null,
    overflowQueue: queue?.overflowQueue ?? null,
    overflowAfterSec: queue?.overflowAfterSec ?? '',
    timeZone: queue?.timeZone ?? 'UTC',
    alwaysOpen: queue ? queue.openingHours === null : true,
    hours,
    holidays: (queue?.holidays ?? []).map((h) => `${h.date} ${h.name}`).join('\n'),
    afterHoursAction: queue?.afterHoursAction ?? 'refuse',
    afterHoursReason: queue?.afterHoursReason ?? '',
    tierOrder: (queue?.tierOrder ?? ['A', 'B', 'C']).join(', '),
    wrapUpSec: queue?.wrapUpSec ?? 60,
    dispositionRequired: queue?.wrapUpMode === 'disposition-required',
    callbacksEnabled: queue?.callbacksEnabled ?? true,
    reason: '',
  };
}

const SPAN = /^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/;
const HOLIDAY = /^(\S+)\s+(.+)$/;
const pad = (time: string) => time.padStart(5, '0');
const num = (value: number | string) => (value === '' ? Number.NaN : Number(value));

interface Texts {
  badSpan: string;
  badHoliday: (line: number) => string;
}

/**
 * The settings the draft stands for, checked with the bridge's own schema; every problem lands on the field
 * the admin typed it in (a span's problem on its weekday's row).
 */
export function settingsOf(
  draft: QueueDraft,
  texts: Texts,
): { ok: true; settings: QueueSettings } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const spanDays: number[] = [];
  const openingHours: { day: number; from: string; to: string }[] = [];
  (draft.alwaysOpen ? [] : draft.hours).forEach((text, day) => {
    for (const part of text.split(',').map((p) => p.trim())) {
      if (part === '') continue;
      const match = SPAN.exec(part);
      if (!match) errors[`hours.${day}`] = texts.badSpan;
      else {
        openingHours.push({ day, from: pad(match[1] ?? ''), to: pad(match[2] ?? '') });
        spanDays.push(day);
      }
    }
  });
  const holidays: { date: string; name: string }[] = [];
  draft.holidays.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const match = HOLIDAY.exec(line.trim());
    if (!match) errors.holidays ??= texts.badHoliday(i + 1);
    else holidays.push({ date: match[1] ?? '', name: match[2] ?? '' });
  });
  const candidate = {
    code: draft.code.trim(),
    name: draft.name,
    nameZh: draft.nameZh.trim() === '' ? null : draft.nameZh,
    businessType: draft.businessType ?? '',
    slaTargetPercent: num(draft.slaTargetPercent),
    slaTargetSec: num(draft.slaTargetSec),
    priority: num(draft.priority),
    ringTimeoutSec: num(draft.ringTimeoutSec),
    maxWaitSec: num(draft.maxWaitSec),
    maxWaitAction: draft.maxWaitAction,
    maxWaitQueue: draft.maxWaitAction === 'overflow' ? draft.maxWaitQueue : null,
    overflowQueue: draft.overflowQueue,
    overflowAfterSec: draft.overflowAfterSec === '' ? null : num(draft.overflowAfterSec),
    timeZone: draft.timeZone.trim(),
    openingHours: draft.alwaysOpen ? null : openingHours,
    holidays,
    afterHoursAction: draft.afterHoursAction,
    afterHoursReason: draft.afterHoursReason.trim() === '' ? null : draft.afterHoursReason,
    tierOrder: draft.tierOrder
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((tier) => tier.toUpperCase()),
    wrapUpSec: num(draft.wrapUpSec),
    wrapUpMode: draft.dispositionRequired ? 'disposition-required' : 'auto-close',
    callbacksEnabled: draft.callbacksEnabled,
  };
  const parsed = checkQueueSettings(candidate);
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, settings: parsed.data };
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const [field, index] = issue.path;
    const key =
      field === 'openingHours' && typeof index === 'number'
        ? `hours.${spanDays[index] ?? 0}`
        : String(field ?? 'form');
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

/** The bridge's `field: problem; field: problem` message as field errors (the body prefix dropped). */
export function serverFieldErrors(message: string): FieldErrors {
  const errors: FieldErrors = {};
  for (const part of message.split('; ')) {
    const at = part.indexOf(': ');
    if (at < 0) continue;
    const path = part
      .slice(0, at)
      .replace(/^(queue|changes)\./, '')
      .split('.');
    const field = path[0] === 'openingHours' ? 'form' : (path[0] ?? 'form');
    errors[field] ??= part.slice(at + 2);
  }
  return errors;
}
