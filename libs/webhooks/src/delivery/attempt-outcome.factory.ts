import { newId } from '@org/common';
import type { AttemptOutcome, ClaimedDelivery } from '../interfaces/delivery.interface.js';
import type { TransportResult } from '../transport/transport-result.js';
import { toPublicResult } from '../transport/public-failure.js';
import type { TransportRequest } from '../transport/webhook-transport.options.js';
import { DELIVERY_ID_PREFIX } from '../webhooks.constants.js';
import { nextAttemptDelay } from '../rules/retry-schedule.js';
import { endpointPressure } from './endpoint-backpressure.js';
import { recordedRequestHeaders } from './recorded-request-headers.js';

/** When an attempt ran, for its outcome. */
export interface AttemptTiming {
  /** When the request started: the log's time of the attempt. */
  startedAt: Date;
  /** When the outcome was known: retry delays count from here, so a slow failure does not eat into them. */
  finishedAt: Date;
}

/** How the next attempt is timed. */
export interface RetryPolicy {
  /** The subscription's schedule (or the module's), delays in ms. */
  schedule: readonly number[];
  /** Spread of each delay (0.1 = ±10 %). */
  jitter: number;
  /** Randomness in [0, 1) for the jitter. */
  random: () => number;
}

/**
 * The outcome to record for a claimed attempt: success on 2xx; otherwise the failure's reason and,
 * while the schedule has attempts left, the next attempt (delay `schedule[attempt]` after this one,
 * but never before a Retry-After or back-off hold). 410 Gone schedules nothing: the subscription is
 * disabled. After the last attempt there is no next one: the delivery has failed and stays redeliverable.
 */
export function toAttemptOutcome(
  claim: ClaimedDelivery,
  result: TransportResult,
  timing: AttemptTiming,
  policy: RetryPolicy,
  request: Pick<TransportRequest, 'url' | 'headers' | 'sensitiveHeaders'>,
): AttemptOutcome {
  // The log is read through the API: a refused destination is recorded without its resolved address.
  result = toPublicResult(result);
  const pressure = result.ok
    ? { holdUntil: null, backoff: false, gone: false, note: null }
    : endpointPressure(result, timing.finishedAt, claim.backoffLevel ?? 0);
  const delay =
    result.ok || pressure.gone
      ? null
      : nextAttemptDelay(policy.schedule, claim.attempt + 1, {
          jitter: policy.jitter,
          random: policy.random,
        });
  const error = result.ok ? null : (result.error ?? 'unknown failure');
  const scheduledAt = delay === null ? null : timing.finishedAt.getTime() + delay;
  return {
    deliveryId: claim.id,
    leaseToken: claim.leaseToken,
    subscriptionId: claim.subscriptionId,
    ok: result.ok,
    httpStatus: result.httpStatus,
    error: error !== null && pressure.note !== null ? `${error} (${pressure.note})` : error,
    responseBody: result.responseBody,
    durationMs: result.durationMs,
    attemptedAt: timing.startedAt,
    next:
      scheduledAt === null
        ? null
        : {
            id: newId(DELIVERY_ID_PREFIX),
            attempt: claim.attempt + 1,
            at: new Date(Math.max(scheduledAt, pressure.holdUntil?.getTime() ?? 0)),
          },
    url: request.url,
    requestHeaders: recordedRequestHeaders(request),
    responseHeaders: result.responseHeaders,
    errorClass: result.errorCode,
    holdUntil: pressure.holdUntil,
    backoff: pressure.backoff,
    gone: pressure.gone,
  };
}
