import { parseRetrySchedule } from '../rules/retry-schedule.js';
import type { RetryPolicy } from './attempt-outcome.factory.js';

/** Distinct per-subscription schedules kept parsed; beyond this many the cache starts over. */
const MAX_CACHED_SCHEDULES = 1_000;

/**
 * The retry policy of each claimed attempt: the subscription's own schedule (stored as text, parsed
 * once per distinct text) or the module's, with the module's jitter.
 */
export class RetryPolicies {
  private readonly parsed = new Map<string, readonly number[]>();
  private readonly moduleDefault: RetryPolicy;

  constructor(
    schedule: readonly number[],
    private readonly jitter: number,
    private readonly random: () => number = Math.random,
  ) {
    this.moduleDefault = { schedule, jitter, random };
  }

  /** The policy for a subscription whose own schedule text is `schedule` (`null`: the module's). */
  policyFor(schedule: string | null): RetryPolicy {
    if (schedule === null) return this.moduleDefault;
    let delays = this.parsed.get(schedule);
    if (!delays) {
      try {
        delays = parseRetrySchedule(schedule);
      } catch {
        // Validated when stored; a row written by hand that does not parse falls back to the module's.
        return this.moduleDefault;
      }
      if (this.parsed.size >= MAX_CACHED_SCHEDULES) this.parsed.clear();
      this.parsed.set(schedule, delays);
    }
    return { schedule: delays, jitter: this.jitter, random: this.random };
  }
}
