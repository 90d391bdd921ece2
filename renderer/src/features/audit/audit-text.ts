import type { TFunction } from 'i18next';
import type { AuditEntry } from '../../services/protocol';
import { formatDateTime } from '../../services/format';
import { auditEn } from '../../services/locales/audit.en';

/** Every action the console has a name for (`dial.check`, `campaign.abandon-recording.uploaded`…). */
export const knownActions: string[] = (function flatten(node: object, prefix: string): string[] {
  return Object.entries(node).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : flatten(value as object, `${prefix}${key}.`),
  );
})(auditEn.actions, '');

/** The action's name in the console's language (the raw name for one it does not know). */
export function actionLabel(t: TFunction, action: string): string {
  return knownActions.includes(action) ? t(`audit.actions.${action}`, { defaultValue: action }) : action;
}

const CODE = /^[A-Z][A-Z0-9_]+$/;

/** A decision's reasons as catalog codes (from its recorded reasons, or the comma-separated reason column). */
export function reasonCodes(entry: AuditEntry): string[] {
  const recorded = entry.details?.['reasons'];
  if (Array.isArray(recorded)) {
    const codes = recorded.flatMap((r: unknown) =>
      r && typeof r === 'object' && typeof (r as { code?: unknown }).code === 'string'
        ? [(r as { code: string }).code]
        : [],
    );
    if (codes.length) return codes;
  }
  const parts = (entry.reason ?? '').split(',').map((s) => s.trim());
  return parts.every((p) => CODE.test(p)) ? parts : [];
}

/** A reason in the console's language: a compliance code from the catalog, free text as it was written. */
export function reasonTexts(t: TFunction, entry: AuditEntry): string[] {
  const codes = reasonCodes(entry);
  if (codes.length) return codes.map((code) => t(`compliance.${code}`, { defaultValue: code }));
  return entry.reason ? [entry.reason] : [];
}

export function fieldLabel(t: TFunction, key: string): string {
  return key in auditEn.fields ? t(`audit.fields.${key}`, { defaultValue: key }) : key;
}

/** A recorded input as a person reads it. */
export function valueText(t: TFunction, key: string, value: unknown, lang: string): string {
  if (value === null || value === undefined || value === '') return t('common.none');
  if (typeof value === 'boolean') return value ? t('audit.yes') : t('audit.no');
  if (key === 'path' && typeof value === 'string' && value in auditEn.paths)
    return t(`audit.paths.${value}`, { defaultValue: value });
  if (/At$/.test(key) && typeof value === 'number') return formatDateTime(value, lang);
  if (key === 'reasons' && Array.isArray(value))
    return value
      .map((r: unknown) => {
        const code = (r as { code?: unknown } | null)?.code;
        return typeof code === 'string' ? t(`compliance.${code}`, { defaultValue: code }) : String(r);
      })
      .join('; ');
  if (Array.isArray(value))
    return value.length ? value.map((v) => valueText(t, '', v, lang)).join(', ') : t('common.none');
  if (typeof value === 'object') {
    const { from, to } = value as { from?: unknown; to?: unknown };
    if (key === 'window' && typeof from === 'string' && typeof to === 'string') return `${from}–${to}`;
    const { zone, local } = value as { zone?: unknown; local?: unknown };
    if (typeof zone === 'string' && typeof local === 'string') return `${zone} (${local.slice(11, 16)})`;
    return Object.entries(value)
      .map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
      .join(', ');
  }
  return String(value);
}

export function actorText(t: TFunction, entry: AuditEntry): string {
  if (!entry.actor) return t('audit.system');
  return entry.actor.displayName
    ? `${entry.actor.displayName} (${entry.actor.username ?? entry.actor.id})`
    : (entry.actor.username ?? String(entry.actor.id));
}
