import { clientCertificateExpiredAttemptMessage } from '../subscriptions/endpoint-credentials.messages.js';

/**
 * A delivery not attempted because the subscription's client certificate expired after it was set:
 * the endpoint would refuse it, and presenting an expired certificate helps no one. Recorded as a
 * `tls` failure and retried on schedule, so a certificate replaced meanwhile (PATCH) is used.
 */
export class ClientCertificateExpiredError extends Error {
  constructor(readonly expiredAt: Date) {
    super(clientCertificateExpiredAttemptMessage(expiredAt));
    this.name = 'ClientCertificateExpiredError';
  }
}
