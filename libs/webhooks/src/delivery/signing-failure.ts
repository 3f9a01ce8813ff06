import { UndecryptableSecretError } from '@org/common';
import { ClientCertificateExpiredError } from './client-certificate-expired.error.js';
import { noAnswerResult, type TransportResult } from '../transport/transport-result.js';
import { attemptPreparationFailedMessage, SECRET_UNAVAILABLE_MESSAGE } from './delivery.messages.js';

/**
 * The result of an attempt whose request could not be signed (building a request throws only then):
 * a failure with its own code, since nothing was sent. A secret no key of the ring opens is
 * `secret_unavailable`, with a sentence of ours: the attempt's error is shown to portal users, and
 * the cipher's own text says nothing useful to them. A client certificate that has expired is a
 * `tls` failure: what the endpoint would have answered, said before trying.
 */
export function signingFailureResult(error: unknown): TransportResult {
  if (error instanceof ClientCertificateExpiredError) return noAnswerResult(error.message, 'tls');
  const unavailable = error instanceof UndecryptableSecretError;
  return unavailable
    ? noAnswerResult(SECRET_UNAVAILABLE_MESSAGE, 'secret_unavailable')
    : noAnswerResult(attemptPreparationFailedMessage(error), 'signing');
}
