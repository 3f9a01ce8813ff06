/**
 * Retry schedules: the delay before each delivery attempt, e.g. `0,30s,2m,10m,1h` (the default, from
 * the Rex seed). Entry k is the wait before attempt k+1, measured from the previous attempt (from
 * the publish for the first), so the list's length is the number of attempts. Delays need not grow:
 * `0,1m,1m,1m` is a valid "every minute" schedule.
 */

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;
const ENTRY = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/i;

/** A retry schedule that cannot be parsed; the message names the bad entry. */
export class InvalidRetryScheduleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRetryScheduleError';
  }
}

/**
 * Parses `0,30s,2m,10m,1h` into delays in milliseconds (`[0, 30000, 120000, 600000, 3600000]`).
 * Units: `ms`, `s`, `m`, `h`, `d` (case-insensitive); a bare number is seconds; decimals are allowed
 * (`1.5m`); spaces around entries are ignored.
 *
 * @throws InvalidRetryScheduleError for an empty schedule or entry, a negative or unparseable value,
 * an unknown unit, or a delay that is not a whole number of milliseconds.
 */
export function parseRetrySchedule(text: string): number[] {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new InvalidRetryScheduleError('a retry schedule needs at least one delay, e.g. "0,30s,2m,10m,1h"');
  }
  return text.split(',').map((raw, index) => {
    const entry = raw.trim();
    const where = `entry ${index + 1} ("${entry}")`;
    if (entry === '') throw new InvalidRetryScheduleError(`${where} is empty`);
    if (entry.startsWith('-')) throw new InvalidRetryScheduleError(`${where} is negative: delays are >= 0`);
    const match = ENTRY.exec(entry);
    if (!match) {
      throw new InvalidRetryScheduleError(
        `${where} is not a delay: use a number with an optional unit ms, s, m, h or d`,
      );
    }
    const unit = (match[2]?.toLowerCase() ?? 's') as Unit;
    const exact = Number(match[1]) * UNIT_MS[unit];
    // 1.1 * 1000 is 1100.0000000000002 in floating point: forgive that much, not half a millisecond.
    const ms = Math.round(exact);
    if (Math.abs(exact - ms) > 1e-6 || !Number.isSafeInteger(ms)) {
      throw new InvalidRetryScheduleError(`${where} is not a whole number of milliseconds`);
    }
    return ms;
  });
}

/**
 * Writes delays back in the shortest exact form (`[0, 30000, 90000]` → `0,30s,90s`), so
 * `parseRetrySchedule(formatRetrySchedule(x))` equals `x`.
 */
export function formatRetrySchedule(delaysMs: readonly number[]): string {
  const largestFirst = (Object.entries(UNIT_MS) as [Unit, number][]).reverse();
  return delaysMs
    .map((ms) => {
      if (ms === 0) return '0';
      const [unit, size] = largestFirst.find(([, size]) => ms % size === 0)!;
      return `${ms / size}${unit}`;
    })
    .join(',');
}

/** Options of {@link nextAttemptDelay}. */
export interface NextAttemptDelayOptions {
  /** Spread each delay by up to ± this fraction (0.1 = ±10 %), so retries of many deliveries do not arrive in lockstep. @default 0 */
  jitter?: number;
  /** Source of randomness in [0, 1). @default Math.random */
  random?: () => number;
}

/**
 * The delay before attempt number `attemptNumber` (1-based: 1 is the first delivery, 2 the first
 * retry), or `null` when the schedule has no such attempt and the delivery has failed for good.
 * After attempt n fails, ask for `nextAttemptDelay(schedule, n + 1)`.
 *
 * @example nextAttemptDelay([0, 30_000, 120_000], 2) // 30000
 * @example nextAttemptDelay([0, 30_000, 120_000], 4) // null
 * @throws RangeError for an attempt number below 1 or a jitter outside [0, 1].
 */
export function nextAttemptDelay(
  schedule: readonly number[],
  attemptNumber: number,
  { jitter = 0, random = Math.random }: NextAttemptDelayOptions = {},
): number | null {
  if (!Number.isSafeInteger(attemptNumber) || attemptNumber < 1) {
    throw new RangeError(`attempt numbers start at 1, got ${attemptNumber}`);
  }
  if (!(jitter >= 0 && jitter <= 1))
    throw new RangeError(`jitter must be a fraction in [0, 1], got ${jitter}`);
  const delay = schedule[attemptNumber - 1];
  if (delay === undefined) return null;
  if (jitter === 0) return delay;
  return Math.max(0, Math.round(delay * (1 + jitter * (2 * random() - 1))));
}
