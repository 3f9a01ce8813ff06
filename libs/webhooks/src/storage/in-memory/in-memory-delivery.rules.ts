import type { AttemptOutcome } from '../../interfaces/delivery.interface.js';

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
      };
      summaries.set(outcome.subscriptionId, summary);
    }
    if (outcome.ok) {
      summary.anySuccess = true;
      summary.failuresAfterLastSuccess = 0;
      if (!summary.lastSuccessAt || summary.lastSuccessAt < outcome.attemptedAt)
        summary.lastSuccessAt = outcome.attemptedAt;
    } else {
      summary.failuresAfterLastSuccess++;
      summary.lastError = outcome.error;
    }
  }
  return [...summaries.values()];
}
