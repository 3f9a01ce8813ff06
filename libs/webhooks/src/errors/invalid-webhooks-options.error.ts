import { invalidOptionMessage } from '../webhooks.messages.js';

/**
 * Thrown at start-up when an option of `WebhooksModule.forRoot()` / `forRootAsync()` is wrong; the
 * message names the option so the host can fix its configuration.
 */
export class InvalidWebhooksOptionsError extends Error {
  override readonly name = 'InvalidWebhooksOptionsError';

  constructor(
    /** The option at fault, e.g. `retrySchedule` or `worker.leaseMs`. */
    readonly option: string,
    problem: string,
  ) {
    super(invalidOptionMessage(option, problem));
  }
}
