/** Options of {@link until}. */
export interface UntilOptions {
  /** What the test waits for, named in the error when it never comes ("the retry logged as failed"). */
  what: string;
  /**
   * A stuck-guard, not a timing: it runs out only when the test is failing. Generous, because a
   * loaded 2-core CI machine (the contention run) can be slow. @default 30_000
   */
  timeoutMs?: number;
}

/** The value `until` resolves with: whatever `check` returned, once truthy. */
export type Reached<T> = Exclude<T, null | undefined | false | 0 | ''>;

/**
 * Awaits a condition the app reaches in the background (a delivery logged, an inbound event
 * handled): calls `check` until it returns a truthy value, which it resolves with. A `check` that
 * throws (a failed `expect`) counts as "not yet", and its last error is reported if time runs out.
 *
 * The only polling helper of the suites (the delivery, ingest and host-app tests use it), so that
 * every wait in them is a condition with a name, bounded by a stuck-guard, never a fixed sleep.
 * Hand-written: Jest has no `waitFor` outside of Testing Library, and it is a dozen lines.
 *
 * @example
 * const row = await until(async () => (await log(id)).data[0]?.status === 'success' && row, {
 *   what: 'the first attempt logged as a success',
 * });
 */
export async function until<T>(
  check: () => T | Promise<T>,
  { what, timeoutMs = 30_000 }: UntilOptions,
): Promise<Reached<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: { value: unknown } | { error: unknown } = { value: undefined };
  for (let round = 0; ; round++) {
    try {
      const value = await check();
      if (value) return value as Reached<T>;
      last = { value };
    } catch (error) {
      last = { error };
    }
    if (Date.now() > deadline) break;
    // not-a-wait: the interval between two polls of a condition; the condition ends the wait.
    await new Promise((resolve) => setTimeout(resolve, round < 10 ? 10 : 50));
  }
  const detail =
    'error' in last ? String((last.error as Error)?.message ?? last.error) : JSON.stringify(last.value);
  throw new Error(`Gave up after ${timeoutMs} ms waiting for ${what} (last: ${detail})`, {
    cause: 'error' in last ? last.error : undefined,
  });
}
