import { randomBytes } from 'node:crypto';
import {
  checkAuthorizeOption,
  OptionChecker,
  resolveMetricsRegistry,
  resolveSecretKeyRing,
  SystemClock,
  type Clock,
  type ManagementMount,
} from '@org/common';
import { InvalidIngestOptionsError } from '../errors/invalid-ingest-options.error.js';
import { INGEST_DEFAULTS } from '../ingest.constants.js';
import { IN_MEMORY_STORE_IN_PRODUCTION } from '../ingest.messages.js';
import type { IngestStore } from '../storage/ingest-store.interface.js';
import { InMemoryIngestStore } from '../storage/in-memory/in-memory-ingest.store.js';
import { InMemoryInboundSourceStore } from '../storage/in-memory/in-memory-inbound-source.store.js';
import type { InboundSourceStore } from '../storage/inbound-source-store.interface.js';
import type { IngestModuleOptions } from './ingest-module-options.interface.js';
import { resolveSources } from './resolve-sources.js';
import { publicBaseUrl } from './source-option-checks.js';
import type { ResolvedIngestOptions } from './resolved-ingest-options.js';

const TOP_LEVEL = [
  'authorize',
  'sources',
  'storage',
  'sourceStorage',
  'secretKey',
  'publicUrl',
  'secretKeys',
  'allowInMemoryStorage',
  'maxBodyBytes',
  'retry',
  'retentionDays',
  'worker',
  'clock',
  'checkRawBodyAtStartup',
  'metricsRegistry',
];
const STORE_METHODS = [
  'saveReceived',
  'claimDue',
  'complete',
  'fail',
  'findById',
  'list',
  'requeue',
  'replay',
  'requeueRange',
  'pruneBefore',
] as const;

/**
 * Validates the module options and merges {@link INGEST_DEFAULTS}, once. The only place defaults are
 * applied. `mount` says whether the management controllers are mounted (the module's `controllers`
 * extra), which makes `authorize` required.
 * @throws InvalidIngestOptionsError naming every bad option, e.g.
 *   `IngestModule: sources.stripe.secrets: must be a non-empty array of strings`.
 */
export function resolveIngestOptions(
  options: IngestModuleOptions,
  environment = process.env.NODE_ENV,
  mount: ManagementMount = { controllers: true },
): ResolvedIngestOptions {
  const check = new OptionChecker();
  const d = INGEST_DEFAULTS;
  const raw = (check.object('options', options) ? options : {}) as Record<string, unknown>;
  check.knownKeys('', raw, TOP_LEVEL);
  const retry = group(check, 'retry', raw.retry, ['attempts', 'backoffMs', 'backoffFactor', 'maxBackoffMs']);
  const worker = group(check, 'worker', raw.worker, ['enabled', 'concurrency', 'leaseMs', 'sweepIntervalMs']);

  const allowInMemoryStorage = check.boolean(
    'allowInMemoryStorage',
    raw.allowInMemoryStorage,
    d.allowInMemoryStorage,
  );
  let storage: IngestStore | undefined;
  if (raw.storage !== undefined && check.implementation('storage', raw.storage, STORE_METHODS))
    storage = raw.storage as IngestStore;
  if (
    (!storage || storage instanceof InMemoryIngestStore) &&
    environment === 'production' &&
    !allowInMemoryStorage
  ) {
    check.fail('storage', IN_MEMORY_STORE_IN_PRODUCTION);
  }
  let clock: Clock = new SystemClock();
  if (raw.clock !== undefined && check.implementation('clock', raw.clock, ['now']))
    clock = raw.clock as Clock;

  let sourceStorage: InboundSourceStore = new InMemoryInboundSourceStore();
  if (
    raw.sourceStorage !== undefined &&
    check.implementation('sourceStorage', raw.sourceStorage, [
      'create',
      'findById',
      'list',
      'update',
      'delete',
    ])
  )
    sourceStorage = raw.sourceStorage as InboundSourceStore;
  const secretKeys = resolveSecretKeys(raw, sourceStorage, check);

  const backoffMs = check.number('retry.backoffMs', retry.backoffMs, d.retry.backoffMs, 0);
  const resolved: ResolvedIngestOptions = {
    sources: resolveSources(raw.sources, check),
    storage: storage ?? new InMemoryIngestStore(),
    sourceStorage,
    publicUrl: publicBaseUrl(check, 'publicUrl', raw.publicUrl) ?? null,
    secretKeys,
    maxBodyBytes: check.integer('maxBodyBytes', raw.maxBodyBytes, d.maxBodyBytes, 1),
    retentionDays: check.positiveNumber('retentionDays', raw.retentionDays, d.retentionDays),
    retry: {
      attempts: check.integer('retry.attempts', retry.attempts, d.retry.attempts, 1),
      backoffMs,
      backoffFactor: check.number('retry.backoffFactor', retry.backoffFactor, d.retry.backoffFactor, 1),
      maxBackoffMs: check.number(
        'retry.maxBackoffMs',
        retry.maxBackoffMs,
        Math.max(d.retry.maxBackoffMs, backoffMs),
        backoffMs,
      ),
    },
    worker: {
      enabled: check.boolean('worker.enabled', worker.enabled, d.worker.enabled),
      concurrency: check.integer('worker.concurrency', worker.concurrency, d.worker.concurrency, 1),
      leaseMs: check.number('worker.leaseMs', worker.leaseMs, d.worker.leaseMs, 1),
      sweepIntervalMs: check.number(
        'worker.sweepIntervalMs',
        worker.sweepIntervalMs,
        d.worker.sweepIntervalMs,
        1,
      ),
    },
    clock,
    metricsRegistry: resolveMetricsRegistry(raw.metricsRegistry, check),
    checkRawBodyAtStartup: check.boolean(
      'checkRawBodyAtStartup',
      raw.checkRawBodyAtStartup,
      d.checkRawBodyAtStartup,
    ),
    authorize: checkAuthorizeOption(check, raw.authorize, {
      controllers: mount.controllers,
      production: environment === 'production',
    }),
  };
  check.throwIfProblems((problems) => new InvalidIngestOptionsError(problems));
  return resolved;
}

/** The source-secret key ring, newest first; a random key only where nothing outlives the process. */
function resolveSecretKeys(
  raw: Record<string, unknown>,
  sourceStorage: InboundSourceStore,
  check: OptionChecker,
): Buffer[] {
  const ring = resolveSecretKeyRing(
    check,
    { secretKey: raw.secretKey, secretKeys: raw.secretKeys },
    { buffers: true },
  );
  if (ring) return ring;
  if (
    raw.secretKey === undefined &&
    raw.secretKeys === undefined &&
    !(sourceStorage instanceof InMemoryInboundSourceStore)
  )
    check.fail(
      'secretKey',
      'is required with a durable sourceStorage (or secretKeys, the key ring): source secrets are encrypted with it',
    );
  return [randomBytes(32)];
}

/** An optional nested options object (`retry`, `worker`), its unknown keys refused. */
function group(
  check: OptionChecker,
  option: string,
  value: unknown,
  known: readonly string[],
): Record<string, unknown> {
  if (value === undefined || !check.object(option, value)) return {};
  check.knownKeys(`${option}.`, value, known);
  return value;
}
