/**
 * Turns what the agent typed or clicked (an E.164 number, local digits, `agent2`, a full SIP URI) into the
 * request URI of an outbound INVITE, or null when it cannot be dialled. The PBX and the bridge's compliance
 * gate decide whether the call is allowed; this only keeps obvious garbage off the wire.
 */
export function toTargetUri(input: string, realm: string): string | null {
  const raw = input.trim();
  if (raw === '') return null;
  if (/^sips?:/i.test(raw)) return /^sips?:[^\s@]+@[^\s@]+$/i.test(raw) ? raw : null;
  const digits = raw.replace(/[\s().-]/g, '');
  if (/^\+?[0-9*#]{1,32}$/.test(digits)) return `sip:${digits}@${realm}`;
  if (/^[A-Za-z][A-Za-z0-9._-]{0,63}$/.test(raw)) return `sip:${raw}@${realm}`;
  return null;
}

/** The user part of a SIP URI for display (`sip:+4930123@x` → `+4930123`). */
export function userOf(uri: string): string {
  const match = /^sips?:([^@;]+)/i.exec(uri);
  return match?.[1] ?? uri;
}
