import { UndecryptableSecretError } from '@org/common';
import { noAnswerResult, type TransportResult } from '../transport/transport-result.js';
import { attemptPreparationFailedMessage, SECRET_UNAVAILABLE_MESSAGE } from './delivery.messages.js';

/**
 * The result of an attempt whose request could not be signed (building a request throws only then):
 * a failure with its own code, since nothing was sent. A secret no key of the ring opens is
 * `secret_unavailable`, with a sentence of ours: the attempt's error is shown to portal users, and
 * the cipher's own text says nothing useful to them.
 */
export function signingFailureResult(error: unknown): TransportResult {
  const unavailable = error instanceof UndecryptableSecretError;
  return unavailable
    ? noAnswerResult(SECRET_UNAVAILABLE_MESSAGE, 'secret_unavailable')
    : noAnswerResult(attemptPreparationFailedMessage(error), 'signing');
}
