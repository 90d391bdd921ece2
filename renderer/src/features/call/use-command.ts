import { useState } from 'react';
import type { UiError, UiResult } from '../../services/ui-error';

/** Runs one command at a time for a component: `busy` while in flight, the last refusal as `error`. */
export function useCommand() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const run = async (action: () => Promise<UiResult<unknown>>) => {
    setBusy(true);
    setError(null);
    const res = await action();
    setBusy(false);
    if (!res.ok) setError(res.error);
  };
  return { busy, error, run: (action: () => Promise<UiResult<unknown>>) => void run(action) };
}
