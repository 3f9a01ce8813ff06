import type { TransportResult } from '../transport/transport-result.js';
import { attemptPreparationFailedMessage } from './delivery.messages.js';

/**
 * The result of an attempt whose request could not be signed (building a request throws only then,
 * e.g. for a secret encrypted with another key): a failure with its own code, since nothing was sent.
 */
export function signingFailureResult(error: unknown): TransportResult {
  return {
    ok: false,
    httpStatus: null,
    durationMs: 0,
    responseBody: null,
    responseBodyTruncated: false,
    responseHeaders: null,
    error: attemptPreparationFailedMessage(error),
    errorCode: 'signing',
  };
}
