import { randomBytes } from 'node:crypto';
import { SystemClock, type Clock } from '@org/common';
import { parseRetrySchedule } from '../delivery/retry-schedule.js';
import { InvalidWebhooksOptionsError } from '../errors/invalid-webhooks-options.error.js';
import { parseSecretKey } from '../secrets/secret-cipher.js';
import {
  assertSignatureHeaderName,
  DEFAULT_SIGNATURE_HEADER,
  DEFAULT_USER_AGENT,
} from '../signing/delivery-headers.js';
import { InMemoryWebhooksStorage } from '../storage/in-memory/in-memory-webhooks.storage.js';
import type { WebhooksStorage } from '../storage/webhooks-storage.interface.js';
import { resolveEventTypes } from './resolve-event-types.js';
import { resolveWorkerOptions } from './resolve-worker-options.js';
import type { ResolvedWebhooksOptions } from './resolved-webhooks-options.js';
import type { WebhooksModuleOptions } from './webhooks-options.interface.js';
import {
  booleanOption,
  describe,
  integerOption,
  positiveNumberOption,
  refuseUnknownKeys,
  stringOption,
} from './option-checks.js';

const KNOWN_OPTIONS: readonly (keyof WebhooksModuleOptions)[] = [
  'storage',
  'allowInMemoryStorage',
  'secretKey',
  'eventTypes',
  'allowPrivateUrls',
  'retrySchedule',
  'requestTimeoutMs',
  'maxResponseBodyBytes',
  'signatureHeader',
  'standardWebhooksHeaders',
  'userAgent',
  'secretRotationOverlapMs',
  'disableAfterFailures',
  'maxEventBytes',
  'retentionDays',
  'worker',
  'clock',
];
/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Printable text without line breaks, so it cannot split headers. */
const HEADER_VALUE = /^[\x20-\x7E]+$/;

/**
 * Applies the defaults documented on {@link WebhooksModuleOptions} and validates every value, once,
 * at start-up. Only `NODE_ENV` is read from `env` (to refuse in-memory storage in production); the
 * host maps its own settings to options.
 * @throws InvalidWebhooksOptionsError naming the option, e.g. `WebhooksModule: retrySchedule: ...`.
 */
export function resolveWebhooksOptions(
  options: WebhooksModuleOptions = {},
  env: Record<string, string | undefined> = process.env,
): ResolvedWebhooksOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidWebhooksOptionsError('options', `must be an object, got ${describe(options)}`);
  }
  refuseUnknownKeys('', options, KNOWN_OPTIONS);
  const storage = resolveStorage(options, env);
  const requestTimeoutMs = integerOption('requestTimeoutMs', options.requestTimeoutMs, 10_000, 1);
  return {
    storage,
    secretKey: resolveSecretKey(options.secretKey, storage),
    eventTypes: resolveEventTypes(options.eventTypes),
    allowPrivateUrls: booleanOption('allowPrivateUrls', options.allowPrivateUrls, false),
    retrySchedule: resolveRetrySchedule(options.retrySchedule),
    requestTimeoutMs,
    maxResponseBodyBytes: integerOption('maxResponseBodyBytes', options.maxResponseBodyBytes, 4096, 0),
    signatureHeader: resolveSignatureHeader(options.signatureHeader),
    standardWebhooksHeaders: booleanOption('standardWebhooksHeaders', options.standardWebhooksHeaders, true),
    userAgent: stringOption(
      'userAgent',
      options.userAgent,
      DEFAULT_USER_AGENT,
      HEADER_VALUE,
      'must be printable text on one line',
    ),
    secretRotationOverlapMs: integerOption(
      'secretRotationOverlapMs',
      options.secretRotationOverlapMs,
      86_400_000,
      0,
    ),
    disableAfterFailures: integerOption('disableAfterFailures', options.disableAfterFailures, 20, 1),
    maxEventBytes: integerOption('maxEventBytes', options.maxEventBytes, 262_144, 1),
    retentionDays: positiveNumberOption('retentionDays', options.retentionDays, 30),
    worker: resolveWorkerOptions(options.worker, requestTimeoutMs),
    clock: resolveClock(options.clock),
  };
}

/**
 * A header name that is also free: one of the fixed delivery headers (`webhook-signature`,
 * `Content-Type`, …) would be overwritten or sent twice, so it fails here, naming the option, rather
 * than at the first delivery.
 */
function resolveSignatureHeader(value: unknown): string {
  const name = stringOption(
    'signatureHeader',
    value,
    DEFAULT_SIGNATURE_HEADER,
    HEADER_NAME,
    'must be an HTTP header name',
  );
  try {
    assertSignatureHeaderName(name);
  } catch (error) {
    throw new InvalidWebhooksOptionsError('signatureHeader', (error as Error).message);
  }
  return name;
}

function resolveStorage(
  options: WebhooksModuleOptions,
  env: Record<string, string | undefined>,
): WebhooksStorage {
  const allowInMemory = booleanOption('allowInMemoryStorage', options.allowInMemoryStorage, false);
  const storage = options.storage ?? new InMemoryWebhooksStorage();
  const ports = ['subscriptions', 'events', 'deliveries'] as const;
  if (
    typeof storage !== 'object' ||
    storage === null ||
    ports.some((port) => !storage[port]) ||
    typeof storage.listen !== 'function'
  ) {
    throw new InvalidWebhooksOptionsError(
      'storage',
      'must implement WebhooksStorage (e.g. new MikroOrmWebhooksStorage(orm) from @org/webhooks/mikro-orm)',
    );
  }
  if (storage.kind === 'memory' && env.NODE_ENV === 'production' && !allowInMemory) {
    throw new InvalidWebhooksOptionsError(
      'storage',
      'in-memory storage loses every subscription and event on restart and is refused when NODE_ENV=production; ' +
        'pass a persistent storage (MikroOrmWebhooksStorage) or set allowInMemoryStorage: true',
    );
  }
  return storage;
}

function resolveSecretKey(value: unknown, storage: WebhooksStorage): Buffer {
  if (value === undefined || value === '') {
    if (storage.kind !== 'memory') {
      throw new InvalidWebhooksOptionsError(
        'secretKey',
        `is required with ${storage.kind} storage: subscription secrets are encrypted with it and could not be read after a restart without it`,
      );
    }
    // In-memory rows die with the process, and so may their key.
    return randomBytes(32);
  }
  if (typeof value !== 'string')
    throw new InvalidWebhooksOptionsError('secretKey', `must be a string, got ${describe(value)}`);
  try {
    return parseSecretKey(value);
  } catch (error) {
    throw new InvalidWebhooksOptionsError('secretKey', (error as Error).message);
  }
}

function resolveRetrySchedule(value: unknown): number[] {
  if (value === undefined) return parseRetrySchedule('0,30s,2m,10m,1h');
  if (typeof value === 'string') {
    try {
      return parseRetrySchedule(value);
    } catch (error) {
      throw new InvalidWebhooksOptionsError('retrySchedule', (error as Error).message);
    }
  }
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidWebhooksOptionsError(
      'retrySchedule',
      `must be a non-empty list of delays, got ${describe(value)}`,
    );
  }
  value.forEach((entry: unknown, index) => {
    if (typeof entry !== 'number' || !Number.isSafeInteger(entry) || entry < 0) {
      throw new InvalidWebhooksOptionsError(
        'retrySchedule',
        `entry ${index} (${describe(entry)}) must be a whole number of milliseconds >= 0`,
      );
    }
  });
  return [...value];
}

function resolveClock(value: unknown): Clock {
  if (value === undefined) return new SystemClock();
  if (typeof value !== 'object' || value === null || typeof (value as Clock).now !== 'function') {
    throw new InvalidWebhooksOptionsError(
      'clock',
      'must have a now(): Date method (e.g. new ManualClock() from @org/common)',
    );
  }
  return value as Clock;
}
