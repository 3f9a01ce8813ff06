import type { TransportResult } from '../transport/transport-result.js';
import {
  BACKPRESSURE_STATUSES,
  ENDPOINT_BACKOFF_BASE_MS,
  MAX_ENDPOINT_BACKOFF_MS,
  RETRY_AFTER_STATUSES,
} from '../webhooks.constants.js';
import { retryAfterMs } from './retry-after.js';

/** What an answer means for the endpoint as a whole, beyond the one attempt. */
export interface EndpointPressure {
  /** Hold the subscription's deliveries until then; `null`: no hold. */
  holdUntil: Date | null;
  /** Without Retry-After: the back-off level goes up. */
  backoff: boolean;
  /** 410 Gone: disable the subscription now. */
  gone: boolean;
  /** Said in the attempt's error after the status, e.g. `Retry-After 2 s`; `null`: nothing to add. */
  note: string | null;
}

/**
 * Reads back-pressure from an answer: 429/503 with a usable `Retry-After` hold the endpoint that
 * long (clamped to an hour); 429/502/503/504 without one back it off exponentially from
 * {@link ENDPOINT_BACKOFF_BASE_MS}, doubling per such answer in a row (`backoffLevel`), at most
 * {@link MAX_ENDPOINT_BACKOFF_MS}; 410 means the endpoint is gone.
 */
export function endpointPressure(
  result: TransportResult,
  finishedAt: Date,
  backoffLevel: number,
): EndpointPressure {
  const status = result.httpStatus;
  const none: EndpointPressure = { holdUntil: null, backoff: false, gone: status === 410, note: null };
  if (status === null || !BACKPRESSURE_STATUSES.has(status)) return none;
  const asked = RETRY_AFTER_STATUSES.has(status)
    ? retryAfterMs(result.responseHeaders?.['retry-after'], finishedAt)
    : null;
  if (asked !== null) {
    return {
      ...none,
      holdUntil: new Date(finishedAt.getTime() + asked),
      note: `Retry-After ${Math.ceil(asked / 1000)} s`,
    };
  }
  const ms = Math.min(MAX_ENDPOINT_BACKOFF_MS, ENDPOINT_BACKOFF_BASE_MS * 2 ** Math.min(backoffLevel, 30));
  return {
    ...none,
    holdUntil: new Date(finishedAt.getTime() + ms),
    backoff: true,
    note: `endpoint backed off ${Math.ceil(ms / 1000)} s`,
  };
}
