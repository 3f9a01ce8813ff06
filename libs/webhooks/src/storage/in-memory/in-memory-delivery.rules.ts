import type { AttemptOutcome } from '../../interfaces/delivery.interface.js';
import type { RecordPolicy } from '../delivery-queue.interface.js';
import type { MemorySubscription } from './in-memory.state.js';

/** What a batch of accepted outcomes means for one subscription's failure streak. */
export interface OutcomeSummary {
  subscriptionId: string;
  anySuccess: boolean;
  /** The latest successful attempt's time, for `lastDeliveredAt`. */
  lastSuccessAt: Date | null;
  /** Failures after the batch's last success (all of them when none succeeded), in batch order. */
  failuresAfterLastSuccess: number;
  /** Error of the last failure, for the disabled reason. */
  lastError: string | null;
  /** The latest hold asked for (Retry-After or back-off). */
  holdUntil: Date | null;
  /** A back-pressure answer without Retry-After after the last success. */
  backoff: boolean;
  /** Error of a 410 Gone answer, when there was one. */
  goneError: string | null;
}

/** Per-subscription effect of a batch of outcomes, in the order they were given (completion order). */
export function summariseOutcomes(outcomes: readonly AttemptOutcome[]): OutcomeSummary[] {
  const summaries = new Map<string, OutcomeSummary>();
  for (const outcome of outcomes) {
    let summary = summaries.get(outcome.subscriptionId);
    if (!summary) {
      summary = {
        subscriptionId: outcome.subscriptionId,
        anySuccess: false,
        lastSuccessAt: null,
        failuresAfterLastSuccess: 0,
        lastError: null,
        holdUntil: null,
        backoff: false,
        goneError: null,
      };
      summaries.set(outcome.subscriptionId, summary);
    }
    if (outcome.holdUntil && (!summary.holdUntil || summary.holdUntil < outcome.holdUntil))
      summary.holdUntil = outcome.holdUntil;
    if (outcome.gone) summary.goneError = outcome.error ?? 'HTTP 410';
    if (outcome.ok) {
      summary.anySuccess = true;
      summary.failuresAfterLastSuccess = 0;
      summary.backoff = false;
      if (!summary.lastSuccessAt || summary.lastSuccessAt < outcome.attemptedAt)
        summary.lastSuccessAt = outcome.attemptedAt;
    } else {
      summary.failuresAfterLastSuccess++;
      summary.lastError = outcome.error;
      if (outcome.backoff) summary.backoff = true;
    }
  }
  return [...summaries.values()];
}

/**
 * Applies a batch's effect to a subscription row, as the SQL adapter's record statement does: the
 * failure streak, last delivery, hold, back-off level, and disabling at the threshold or on 410.
 */
export function applyOutcomeSummary(
  subscription: MemorySubscription,
  summary: OutcomeSummary,
  policy: RecordPolicy,
): void {
  subscription.failureCount = summary.anySuccess
    ? summary.failuresAfterLastSuccess
    : subscription.failureCount + summary.failuresAfterLastSuccess;
  if (
    summary.lastSuccessAt &&
    (!subscription.lastDeliveredAt || subscription.lastDeliveredAt < summary.lastSuccessAt)
  )
    subscription.lastDeliveredAt = summary.lastSuccessAt;
  if (summary.holdUntil && (!subscription.heldUntil || subscription.heldUntil < summary.holdUntil))
    subscription.heldUntil = summary.holdUntil;
  const level = summary.anySuccess ? 0 : (subscription.backoffLevel ?? 0);
  subscription.backoffLevel = summary.backoff ? level + 1 : level;
  if (subscription.status !== 'active') return;
  if (summary.goneError !== null) {
    subscription.status = 'disabled';
    subscription.disabledReason = `Disabled at once: the endpoint answered 410 Gone (${summary.goneError})`;
  } else if (subscription.failureCount >= policy.disableAfterFailures) {
    subscription.status = 'disabled';
    subscription.disabledReason = `Disabled after ${subscription.failureCount} consecutive failed attempts; last error: ${summary.lastError ?? 'unknown'}`;
  }
}
