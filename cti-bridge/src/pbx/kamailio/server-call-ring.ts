import { SessionState, type Inviter } from 'sip.js';

export type TransferRing = 'answered' | 'rejected' | 'timeout' | 'media';

/**
 * Rings a transfer's new leg (another agent's phone, an outside number, the target of an attended transfer) for at
 * most `ringMs`: a leg given up on is cancelled, one that answers too late — or whose media was not set up
 * (`answered` false when it reaches Established) — is ended. Never leaves the leg half set up.
 */
export function ringTransferLeg(
  leg: Inviter,
  ringMs: number,
  answered: () => boolean = () => true,
): Promise<TransferRing> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: TransferRing) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => {
      settle('timeout');
      void leg.cancel().catch(() => undefined);
    }, ringMs);
    leg.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        if (answered() && !settled) settle('answered');
        else void leg.bye().catch(() => undefined);
      }
      if (state === SessionState.Terminated) settle('rejected');
    });
    leg.invite().catch(() => settle('media'));
  });
}

/** Ends a transfer's leg whatever its state: cancelled while it rings, BYE once up. */
export function endTransferLeg(leg: Inviter): void {
  if (leg.state === SessionState.Initial || leg.state === SessionState.Establishing)
    void leg.cancel().catch(() => undefined);
  else if (leg.state === SessionState.Established) void leg.bye().catch(() => undefined);
}
