import { InvalidOptionsError, type OptionProblem } from '@org/common';
import { WEBHOOKS_MODULE_NAME } from '../webhooks.constants.js';

/**
 * Thrown at start-up when options of `WebhooksModule.forRoot()` / `forRootAsync()` are wrong; the
 * message names every bad option (`WebhooksModule: retrySchedule: ...; worker.leaseMs: ...`) so the
 * host fixes its configuration in one go.
 */
export class InvalidWebhooksOptionsError extends InvalidOptionsError {
  override name = 'InvalidWebhooksOptionsError';

  constructor(problems: readonly OptionProblem[]) {
    super(WEBHOOKS_MODULE_NAME, problems);
  }
}
