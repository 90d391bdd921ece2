/** The shell trusts exactly one web origin: the bridge that serves the console. These helpers compare against it. */

/** The origin of `url`, or null when it does not parse (a malformed URL is never trusted). */
export function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

export function isSameOrigin(url: string | null | undefined, origin: string): boolean {
  // Opaque origins (data:, file:, about:blank) serialise as "null" and must never match.
  const candidate = originOf(url);
  return candidate !== null && candidate !== 'null' && candidate === origin;
}
