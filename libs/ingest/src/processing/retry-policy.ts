import type { ResolvedIngestOptions } from '../options/resolved-ingest-options.js';

/**
 * When a failed event is tried again: `backoffMs × backoffFactor^(attempt − 1)` after the failure,
 * capped at `maxBackoffMs`; after attempt `attempts` there is no next time (`null`).
 */
export function nextAttemptAt(
  retry: ResolvedIngestOptions['retry'],
  failedAttempt: number,
  now: Date,
): Date | null {
  if (failedAttempt >= retry.attempts) return null;
  const delay = Math.min(retry.maxBackoffMs, retry.backoffMs * retry.backoffFactor ** (failedAttempt - 1));
  return new Date(now.getTime() + delay);
}
