import type { TFunction } from 'i18next';
import type { DialFailure } from '../../services/softphone/phone';

/** The agent-facing line for a refused call: translated prefix, the server's own reason text as sent. */
export function dialFailureText(t: TFunction, failure: DialFailure): string {
  switch (failure.kind) {
    case 'blocked':
      if (failure.reason.startsWith('TRANSFER_'))
        return t('softphone.transferRefused', { reason: blockedReason(t, failure.reason) });
      return t('softphone.dialBlocked', { reason: blockedReason(t, failure.reason) });
    case 'failed':
      return t('softphone.dialFailed', { status: failure.status || '', phrase: failure.phrase });
    case 'invalid-target':
      return t('softphone.dialInvalid');
    case 'not-registered':
      return t('softphone.dialNotRegistered');
    default:
      return assertNever(failure);
  }
}

/** The gate's reason (`<CODE>: <text>`) in the agent's language when the code is a compliance code. */
function blockedReason(t: TFunction, reason: string): string {
  const code = /^([A-Z][A-Z0-9_]+):/.exec(reason)?.[1];
  if (code?.startsWith('TRANSFER_')) return t(`softphone.transferRefusal.${code}`, { defaultValue: reason });
  return code ? t(`compliance.${code}`, { defaultValue: reason }) : reason;
}

function assertNever(value: never): never {
  throw new Error(`unexpected dial failure ${JSON.stringify(value)}`);
}
