/** The compliance gate's answer for one dial attempt. */
export type DialDecision = { allowed: true; e164: string } | { allowed: false; code: string; reason: string };
