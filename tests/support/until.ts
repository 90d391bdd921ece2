/** Polls `check` (sync or async) until it holds; fails naming `what` after `timeoutMs` (never a fixed sleep). */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
  what = 'the condition',
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 10));
  }
}

/** Runs every stop in order, each one even when one before it throws; then rethrows the first error. */
export async function stopInOrder(...stops: (() => unknown)[]): Promise<void> {
  const errors: unknown[] = [];
  for (const stop of stops)
    await Promise.resolve()
      .then(stop)
      .catch((error: unknown) => errors.push(error));
  if (errors.length > 0) throw errors[0];
}
