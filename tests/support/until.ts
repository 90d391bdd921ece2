/** Polls `check` until it holds; fails naming `what` after `timeoutMs` (never a fixed sleep). */
export async function until(check: () => boolean, timeoutMs = 15_000, what = 'the condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 10));
  }
}
