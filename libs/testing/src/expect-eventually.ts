/**
 * Retries `probe` until it returns without throwing, or rethrows its last error after `timeoutMs`.
 * @returns what `probe` returned the first time it succeeded.
 */
export async function expectEventually<T>(
  probe: () => Promise<T> | T,
  opts: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  let lastError: unknown;
  for (;;) {
    try {
      return await probe();
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) throw lastError;
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 250));
  }
}
