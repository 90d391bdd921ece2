/**
 * Pulls the dialable part out of whatever a PBX puts in a caller-ID field: a bare number, a `tel:`/`sip:`/`sips:`
 * URI, or a name-addr (`"Name" <sip:user@host>`). Plain indexOf/slice surgery rather than one big regex, so hostile
 * input cannot trigger backtracking and each step stays readable.
 */

/** What a caller-ID string says about the number, before any numbering-plan knowledge is applied. */
export interface ExtractedCallerId {
  /** The URI user part or bare text as written: may still hold visual separators, or letters for a SIP name. */
  readonly user: string;
  /** RFC 3966 `phone-context` (a global prefix such as `+86-21`, or a domain), or null when absent. */
  readonly phoneContext: string | null;
  /** The display name, unquoted; '' when none. */
  readonly displayName: string;
  /** The host is RFC 3323's `anonymous.invalid`: the caller asked for privacy whatever the user part says. */
  readonly anonymousHost: boolean;
}

const SCHEMES = ['sips:', 'sip:', 'tel:'] as const;

export function extractCallerId(input: string): ExtractedCallerId {
  const { displayName, address } = splitNameAddr(input.trim());
  const lower = address.toLowerCase();
  const scheme = SCHEMES.find((s) => lower.startsWith(s));
  const rest = scheme ? address.slice(scheme.length) : address;
  const at = rest.indexOf('@');
  const host = at >= 0 ? rest.slice(at + 1).toLowerCase() : '';
  // Everything after the user part (`?headers`, `;uri-params`) belongs to the host side and says nothing about the number.
  let userinfo = cutAt(at >= 0 ? rest.slice(0, at) : rest, '?');
  // sip:user:password@host — the password is never part of the number (tel: URIs have no password).
  if (scheme === 'sip:' || scheme === 'sips:') userinfo = cutAt(userinfo, ':');
  const [user = '', ...params] = percentDecode(userinfo).split(';');
  return {
    user: user.trim(),
    phoneContext: findParam(params, 'phone-context'),
    displayName,
    anonymousHost: host.startsWith('anonymous.invalid'),
  };
}

/** Separates `"Display Name" <uri>` / `Name <uri>` / `Name sip:uri` into its two halves. */
function splitNameAddr(s: string): { displayName: string; address: string } {
  const quoted = s.startsWith('"') ? readQuoted(s) : null;
  const rest = quoted ? quoted.rest : s;
  const open = rest.indexOf('<');
  if (open >= 0) {
    const close = rest.indexOf('>', open + 1);
    const address = rest.slice(open + 1, close >= 0 ? close : undefined).trim();
    return { displayName: quoted ? quoted.name : rest.slice(0, open).trim(), address };
  }
  if (quoted) {
    // `"13812345678"` alone: some PBXs quote the bare number; the quoted text is then the address.
    const address = quoted.rest.trim();
    return address ? { displayName: quoted.name, address } : { displayName: '', address: quoted.name };
  }
  const bare = findBareUri(rest);
  return bare > 0
    ? { displayName: rest.slice(0, bare).trim(), address: rest.slice(bare) }
    : { displayName: '', address: rest };
}

/** Reads a quoted-string honouring backslash escapes (RFC 3261 quoted-pair); an unterminated quote runs to the end. */
function readQuoted(s: string): { name: string; rest: string } {
  let name = '';
  for (let i = 1; i < s.length; i++) {
    const ch = s[i];
    if (ch === '\\' && i + 1 < s.length) name += s[++i];
    else if (ch === '"') return { name: name.trim(), rest: s.slice(i + 1) };
    else name += ch;
  }
  return { name: name.trim(), rest: '' };
}

/** Index of a URI scheme that follows an unbracketed display name (`Zhang sip:1381…@host`), or -1. */
function findBareUri(s: string): number {
  const lower = s.toLowerCase();
  for (const scheme of SCHEMES) {
    const i = lower.indexOf(` ${scheme}`);
    if (i >= 0) return i + 1;
  }
  return -1;
}

function findParam(params: readonly string[], name: string): string | null {
  for (const p of params) {
    const eq = p.indexOf('=');
    if (eq >= 0 && p.slice(0, eq).trim().toLowerCase() === name) return p.slice(eq + 1).trim();
  }
  return null;
}

function cutAt(s: string, ch: string): string {
  const i = s.indexOf(ch);
  return i >= 0 ? s.slice(0, i) : s;
}

/**
 * SIP stacks escape `+` and separators in user parts (`%2B8613…`). Decoding byte-by-byte instead of
 * decodeURIComponent means a malformed escape can never throw; non-ASCII bytes decode to characters the number
 * check rejects anyway.
 */
function percentDecode(s: string): string {
  if (!s.includes('%')) return s;
  return s.replace(/%([0-9a-fA-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
