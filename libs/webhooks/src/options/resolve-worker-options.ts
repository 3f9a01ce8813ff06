import { InvalidWebhooksOptionsError } from '../errors/invalid-webhooks-options.error.js';
import { describe, integerOption, refuseUnknownKeys } from './option-checks.js';
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
): ResolvedWebhooksOptions['worker'] {
  if (value === false) return null;
  if (
    value !== undefined &&
    value !== true &&
    (typeof value !== 'object' || value === null || Array.isArray(value))
  ) {
    throw new InvalidWebhooksOptionsError(
      'worker',
      `must be true, false or an object of worker settings, got ${describe(value)}`,
    );
  }
  const given: WebhooksWorkerOptions = typeof value === 'object' ? value : {};
  refuseUnknownKeys('worker.', given, KNOWN);
  const worker = {
    batchSize: integerOption('worker.batchSize', given.batchSize, 200, 1),
    concurrency: integerOption('worker.concurrency', given.concurrency, 128, 1),
    perSubscriptionConcurrency: integerOption(
      'worker.perSubscriptionConcurrency',
      given.perSubscriptionConcurrency,
      8,
      1,
    ),
    leaseMs: integerOption('worker.leaseMs', given.leaseMs, 60_000, 1),
    pollIntervalMs: integerOption('worker.pollIntervalMs', given.pollIntervalMs, 1000, 1),
  };
  if (worker.leaseMs <= requestTimeoutMs) {
    // A lease shorter than a request would let another worker take an attempt still in flight.
    throw new InvalidWebhooksOptionsError(
      'worker.leaseMs',
      `(${worker.leaseMs}) must exceed requestTimeoutMs (${requestTimeoutMs})`,
    );
  }
  return worker;
}
