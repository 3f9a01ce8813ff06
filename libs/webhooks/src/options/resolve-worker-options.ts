import type { OptionChecker } from '@org/common';
import { describeValue } from '@org/common';
import { WEBHOOKS_DEFAULTS } from '../webhooks.constants.js';
import type { ResolvedWebhooksOptions } from './resolved-webhooks-options.js';
import type { WebhooksWorkerOptions } from './webhooks-options.interface.js';

const KNOWN: readonly (keyof WebhooksWorkerOptions)[] = [
  'batchSize',
  'concurrency',
  'perSubscriptionConcurrency',
  'leaseMs',
  'pollIntervalMs',
];

/** Resolves the `worker` option: `false` → no workers, `true`/absent → defaults, object → validated. */
export function resolveWorkerOptions(
  value: unknown,
  requestTimeoutMs: number,
  check: OptionChecker,
): ResolvedWebhooksOptions['worker'] {
  if (value === false) return null;
  let given: WebhooksWorkerOptions = {};
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) given = value;
  else if (value !== undefined && value !== true) {
    check.fail('worker', `must be true, false or an object of worker settings, got ${describeValue(value)}`);
  }
  check.knownKeys('worker.', given, KNOWN);
  const defaults = WEBHOOKS_DEFAULTS.worker;
  const worker = {
    batchSize: check.integer('worker.batchSize', given.batchSize, defaults.batchSize, 1),
    concurrency: check.integer('worker.concurrency', given.concurrency, defaults.concurrency, 1),
    perSubscriptionConcurrency: check.integer(
      'worker.perSubscriptionConcurrency',
      given.perSubscriptionConcurrency,
      defaults.perSubscriptionConcurrency,
      1,
    ),
    leaseMs: check.integer('worker.leaseMs', given.leaseMs, defaults.leaseMs, 1),
    pollIntervalMs: check.integer('worker.pollIntervalMs', given.pollIntervalMs, defaults.pollIntervalMs, 1),
  };
  if (worker.leaseMs <= requestTimeoutMs) {
    // A lease shorter than a request would let another worker take an attempt still in flight.
    check.fail('worker.leaseMs', `(${worker.leaseMs}) must exceed requestTimeoutMs (${requestTimeoutMs})`);
  }
  return worker;
}
