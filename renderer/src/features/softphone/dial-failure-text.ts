import type { TFunction } from 'i18next';
import type { DialFailure } from '../../services/softphone/phone';

/** The agent-facing line for a refused call: translated prefix, the server's own reason text as sent. */
export function dialFailureText(t: TFunction, failure: DialFailure): string {
  switch (failure.kind) {
    case 'blocked':
      return t('softphone.dialBlocked', { reason: failure.reason });
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

function assertNever(value: never): never {
  throw new Error(`unexpected dial failure ${JSON.stringify(value)}`);
}
