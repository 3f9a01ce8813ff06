import { SystemClock, type Clock } from '@org/common';
import { IngestConfigurationError } from '../errors/ingest-configuration.error.js';
import { IN_MEMORY_STORE_IN_PRODUCTION, invalidOptions } from '../ingest.messages.js';
import type { IngestStore } from '../interfaces/ingest-store.interface.js';
import { InMemoryIngestStore } from '../stores/in-memory-ingest.store.js';
import type { IngestModuleOptions } from './ingest-module-options.interface.js';
import { OptionChecks } from './option-checks.js';
import { resolveSources } from './resolve-sources.js';
import type { ResolvedIngestOptions } from './resolved-ingest-options.js';

const TOP_LEVEL = [
  'sources',
  'store',
  'allowInMemoryStore',
  'maxBodyBytes',
  'retry',
  'processing',
  'clock',
  'checkRawBodyAtStartup',
];
const STORE_METHODS = [
  'saveReceived',
  'claimDue',
  'complete',
  'fail',
  'findById',
  'list',
  'requeue',
] as const;

/**
 * Validates the module options and merges every default, once. The only place defaults live.
 * @throws IngestConfigurationError naming each bad option, e.g.
 *   `IngestModule: sources.stripe.secrets must be a non-empty array of strings`.
 */
export function resolveIngestOptions(
  options: IngestModuleOptions,
  environment = process.env.NODE_ENV,
): ResolvedIngestOptions {
  const check = new OptionChecks();
  const raw = (check.isObject(options, 'options') ? options : {}) as Record<string, unknown>;
  check.onlyKnownKeys(raw, TOP_LEVEL, 'options');

  const retry = (raw.retry !== undefined && check.isObject(raw.retry, 'retry') ? raw.retry : {}) as Record<
    string,
    unknown
  >;
  check.onlyKnownKeys(retry, ['attempts', 'backoffMs', 'backoffFactor', 'maxBackoffMs'], 'retry');
  const processing = (
    raw.processing !== undefined && check.isObject(raw.processing, 'processing') ? raw.processing : {}
  ) as Record<string, unknown>;
  check.onlyKnownKeys(processing, ['enabled', 'concurrency', 'leaseMs', 'sweepIntervalMs'], 'processing');

  const allowInMemoryStore = check.boolean(raw.allowInMemoryStore, 'allowInMemoryStore', false);
  let store: IngestStore | undefined;
  if (raw.store !== undefined && check.implementation(raw.store, STORE_METHODS, 'store'))
    store = raw.store as IngestStore;
  if (
    (!store || store instanceof InMemoryIngestStore) &&
    environment === 'production' &&
    !allowInMemoryStore
  ) {
    check.problems.push(IN_MEMORY_STORE_IN_PRODUCTION);
  }
  let clock: Clock = new SystemClock();
  if (raw.clock !== undefined && check.implementation(raw.clock, ['now'], 'clock'))
    clock = raw.clock as Clock;

  const backoffMs = check.number(retry.backoffMs, 'retry.backoffMs', 30_000, 0);
  const resolved: ResolvedIngestOptions = {
    sources: resolveSources(raw.sources, check),
    store: store ?? new InMemoryIngestStore(),
    maxBodyBytes: check.number(raw.maxBodyBytes, 'maxBodyBytes', 1_048_576, 1, true),
    retry: {
      attempts: check.number(retry.attempts, 'retry.attempts', 8, 1, true),
      backoffMs,
      backoffFactor: check.number(retry.backoffFactor, 'retry.backoffFactor', 2, 1),
      maxBackoffMs: check.number(
        retry.maxBackoffMs,
        'retry.maxBackoffMs',
        Math.max(3_600_000, backoffMs),
        backoffMs,
      ),
    },
    processing: {
      enabled: check.boolean(processing.enabled, 'processing.enabled', true),
      concurrency: check.number(processing.concurrency, 'processing.concurrency', 8, 1, true),
      leaseMs: check.number(processing.leaseMs, 'processing.leaseMs', 300_000, 1),
      sweepIntervalMs: check.number(processing.sweepIntervalMs, 'processing.sweepIntervalMs', 5_000, 1),
    },
    clock,
    checkRawBodyAtStartup: check.boolean(raw.checkRawBodyAtStartup, 'checkRawBodyAtStartup', true),
  };
  if (check.problems.length > 0) throw new IngestConfigurationError(invalidOptions(check.problems));
  return resolved;
}
