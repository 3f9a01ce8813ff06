import { newId } from '@org/common';
import type { AttemptOutcome, ClaimedDelivery } from '../interfaces/delivery.interface.js';
import type { TransportResult } from '../transport/transport-result.js';
import { toPublicResult } from '../transport/public-failure.js';
import { DELIVERY_ID_PREFIX } from '../webhooks.constants.js';
import { nextAttemptDelay } from '../rules/retry-schedule.js';

/** When an attempt ran, for its outcome. */
export interface AttemptTiming {
  /** When the request started: the log's time of the attempt. */
  startedAt: Date;
  /** When the outcome was known: retry delays count from here, so a slow failure does not eat into them. */
  finishedAt: Date;
}

/**
 * The outcome to record for a claimed attempt: success on 2xx; otherwise the failure's reason and,
 * while the schedule has attempts left, the next attempt (delay `schedule[attempt]` after this one).
 * After the last attempt there is no next one: the delivery has failed and stays redeliverable.
 */
export function toAttemptOutcome(
  claim: ClaimedDelivery,
  result: TransportResult,
  timing: AttemptTiming,
  schedule: readonly number[],
): AttemptOutcome {
  // The log is read through the API: a refused destination is recorded without its resolved address.
  result = toPublicResult(result);
  const delay = result.ok ? null : nextAttemptDelay(schedule, claim.attempt + 1);
  return {
    deliveryId: claim.id,
    leaseToken: claim.leaseToken,
    subscriptionId: claim.subscriptionId,
    ok: result.ok,
    httpStatus: result.httpStatus,
    error: result.ok ? null : (result.error ?? 'unknown failure'),
    responseBody: result.responseBody,
    durationMs: result.durationMs,
    attemptedAt: timing.startedAt,
    next:
      delay === null
        ? null
        : {
            id: newId(DELIVERY_ID_PREFIX),
            attempt: claim.attempt + 1,
            at: new Date(timing.finishedAt.getTime() + delay),
          },
  };
}
