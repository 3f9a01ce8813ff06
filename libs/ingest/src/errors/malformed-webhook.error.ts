/**
 * Thrown by a verifier's `parse` when a correctly signed body cannot be understood (not JSON, no
 * event id, ...). The message is safe to show to the sender: it never quotes the body.
 */
export class MalformedWebhookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedWebhookError';
  }
}
