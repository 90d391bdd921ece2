/** The longest pattern an admin may give an attached field. */
export const ATTACHED_PATTERN_MAX = 200;
/** At most this many parts of a pattern may repeat (`*`, `+`, `{n,}`, `{n,m}` with m > 1). */
export const ATTACHED_PATTERN_REPEATS_MAX = 3;

/** The quantifier starting at `at` (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`), its length, and whether it repeats. */
function quantifierAt(text: string, at: number): { length: number; repeats: boolean } | null {
  const ch = text[at];
  if (ch === '*' || ch === '+') return { length: 1, repeats: true };
  if (ch === '?') return { length: 1, repeats: false };
  const braces = /^\{(\d+)(,(\d*))?\}/.exec(text.slice(at));
  if (!braces) return null;
  const repeats = braces[2] !== undefined && (braces[3] === '' || Number(braces[3]) > 1);
  return { length: braces[0].length, repeats: repeats || Number(braces[1]) > 1 };
}

/**
 * Why a pattern may not be used, or null. Patterns run on every call against text a caller's carrier sent, so
 * only shapes that cannot backtrack badly are taken: no back-references or lookaround, no repeated group that
 * itself repeats or branches inside (`(a+)+`, `(a|aa)*`: exponential on a long value), and at most three
 * repeating parts (`a*a*a*…b` is polynomial in the value's length, of the degree of its repeats).
 */
export function patternProblem(pattern: string): string | null {
  try {
    new RegExp(pattern, 'u');
  } catch {
    return 'not a valid regular expression';
  }
  if (/\\[1-9]|\\k</.test(pattern)) return 'back-references are not allowed';
  if (/\(\?<?[=!]/.test(pattern)) return 'lookahead and lookbehind are not allowed';
  // escapes and character classes become one plain character each; group prefixes (?: (?<name> go
  const plain = pattern
    .replace(/\\./gu, 'e')
    .replace(/\[(?:\\.|[^\]])*\]/gu, 'c')
    .replace(/\(\?(?::|<[^>]*>)/gu, '(');
  const open: { inner: boolean }[] = [];
  let repeats = 0;
  for (let i = 0; i < plain.length; i += 1) {
    const ch = plain[i];
    const top = open[open.length - 1];
    if (ch === '(') open.push({ inner: false });
    else if (ch === '|' && top) top.inner = true;
    else if (ch === ')') {
      const group = open.pop();
      const quantifier = quantifierAt(plain, i + 1);
      if (group?.inner && quantifier?.repeats) return 'a repeated group may not repeat or branch inside';
      const parent = open[open.length - 1];
      if (parent && (group?.inner || quantifier?.repeats)) parent.inner = true;
      if (quantifier) {
        if (quantifier.repeats) repeats += 1;
        i += quantifier.length;
      }
    } else {
      const quantifier = quantifierAt(plain, i + 1);
      if (quantifier) {
        if (quantifier.repeats) {
          repeats += 1;
          if (top) top.inner = true;
        }
        i += quantifier.length;
      }
    }
  }
  return repeats > ATTACHED_PATTERN_REPEATS_MAX
    ? `at most ${ATTACHED_PATTERN_REPEATS_MAX} repeating parts`
    : null;
}
