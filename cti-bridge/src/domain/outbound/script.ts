/**
 * A campaign's call script with the lead's fields filled in: `{first_name}`, `{company}`… (names as the CSV's
 * headers, case-insensitive). A field the lead does not have stays visible as a gap the console marks, so the
 * agent never reads a raw placeholder to the callee.
 */
export type ScriptPart = { text: string } | { field: string; value: string | null };

export function renderScript(script: string, fields: Readonly<Record<string, string>>): ScriptPart[] {
  const lower = new Map(Object.entries(fields).map(([k, v]) => [k.toLowerCase(), v]));
  const parts: ScriptPart[] = [];
  let last = 0;
  for (const match of script.matchAll(/\{([A-Za-z0-9_]{1,40})\}/g)) {
    const index = match.index;
    const name = match[1] ?? '';
    if (index > last) parts.push({ text: script.slice(last, index) });
    const value = lower.get(name.toLowerCase());
    parts.push({ field: name, value: value === undefined || value === '' ? null : value });
    last = index + match[0].length;
  }
  if (last < script.length) parts.push({ text: script.slice(last) });
  return parts;
}

/** The script as plain text; missing fields become `…`. */
export function scriptText(parts: readonly ScriptPart[]): string {
  return parts.map((part) => ('text' in part ? part.text : (part.value ?? '…'))).join('');
}
