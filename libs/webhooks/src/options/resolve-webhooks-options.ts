import { randomBytes } from 'node:crypto';
import {
  checkAuthorizeOption,
  describeValue,
  OptionChecker,
  resolveMetricsRegistry,
  resolveSecretKeyRing,
  SystemClock,
  type Clock,
  type ManagementMount,
} from '@org/common';
import { InvalidWebhooksOptionsError } from '../errors/invalid-webhooks-options.error.js';
import { parseRetrySchedule } from '../rules/retry-schedule.js';
import { parseEgressProxyUrl } from '../transport/egress-proxy-url.js';
import { assertSignatureHeaderName } from '../signing/delivery-headers.js';
import { InMemoryWebhooksStorage } from '../storage/in-memory/in-memory-webhooks.storage.js';
import type { WebhooksStorage } from '../storage/webhooks-storage.interface.js';
import { WEBHOOKS_DEFAULTS } from '../webhooks.constants.js';
import { staticExtraMessage, storageNotImplementedMessage } from '../webhooks.messages.js';
import { resolveEventTypes } from './resolve-event-types.js';
import { resolveWorkerOptions } from './resolve-worker-options.js';
import type { ResolvedWebhooksOptions } from './resolved-webhooks-options.js';
import type { WebhooksModuleOptions } from './webhooks-options.interface.js';

const KNOWN_OPTIONS: readonly (keyof WebhooksModuleOptions)[] = [
  'authorize',
  'storage',
  'allowInMemoryStorage',
  'secretKey',
  'secretKeys',
  'eventTypes',
  'allowPrivateUrls',
  'privateUrlsSettingName',
  'egressProxy',
  'retrySchedule',
  'retryJitter',
  'requestTimeoutMs',
  'maxResponseBodyBytes',
  'signatureHeader',
  'standardWebhooksHeaders',
  'userAgent',
  'secretRotationOverlapMs',
  'certificateExpiryWarningMs',
  'disableAfterFailures',
  'maxEventBytes',
  'retentionDays',
  'worker',
  'clock',
  'metricsRegistry',
  'traceparentHeader',
];
/** The `WebhooksModuleExtras`: given beside the options, because they shape the module itself. */
const STATIC_EXTRAS: readonly string[] = ['isGlobal', 'controllers', 'compatibility'];
/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Printable text without line breaks, so it cannot split headers or messages. */
const PRINTABLE_LINE = /^[\x20-\x7E]+$/;

/** An HTTP header name rule for {@link OptionChecker.string}. */
const HEADER_NAME_RULE = {
  test: (text: string) => HEADER_NAME.test(text),
  rule: 'must be an HTTP header name',
};
/** A one-line printable text rule (header values, names shown in messages) for {@link OptionChecker.string}. */
const PRINTABLE_LINE_RULE = {
  test: (text: string) => PRINTABLE_LINE.test(text),
  rule: 'must be printable text on one line',
};

/**
 * Applies {@link WEBHOOKS_DEFAULTS} and validates every value, once, at start-up. Only `NODE_ENV` is
 * read from `env` (to refuse in-memory storage and `allowEveryoneInDevelopment` in production); the
 * host maps its own settings to options. `mount` says whether the management controllers are mounted
 * (the module's `controllers` extra), which makes `authorize` required.
 * @throws InvalidWebhooksOptionsError naming every bad option, e.g. `WebhooksModule: retrySchedule: ...`.
 */
export function resolveWebhooksOptions(
  options: WebhooksModuleOptions = {},
  env: Record<string, string | undefined> = process.env,
  mount: ManagementMount = { controllers: true },
): ResolvedWebhooksOptions {
  const check = new OptionChecker();
  const given: WebhooksModuleOptions = check.object('options', options) ? options : {};
  // An extra returned by a `useFactory` arrives here, too late to shape the module: say where it goes.
  const extras = STATIC_EXTRAS.filter((extra) => Object.hasOwn(given, extra));
  for (const extra of extras) check.fail(extra, staticExtraMessage());
  check.knownKeys(
    '',
    Object.fromEntries(Object.entries(given).filter(([key]) => !extras.includes(key))),
    KNOWN_OPTIONS,
  );
  const d = WEBHOOKS_DEFAULTS;
  const storage = resolveStorage(given, env, check);
  const requestTimeoutMs = check.integer('requestTimeoutMs', given.requestTimeoutMs, d.requestTimeoutMs, 1);
  const catalogue = resolveEventTypes(given.eventTypes, check);
  const resolved: ResolvedWebhooksOptions = {
    storage,
    secretKeys: resolveSecretKeys(given, storage, check),
    eventTypes: catalogue.eventTypes,
    eventDataValidators: catalogue.validators,
    allowPrivateUrls: check.boolean('allowPrivateUrls', given.allowPrivateUrls, d.allowPrivateUrls),
    privateUrlsSettingName:
      check.string('privateUrlsSettingName', given.privateUrlsSettingName, undefined, PRINTABLE_LINE_RULE) ??
      null,
    egressProxy: resolveEgressProxy(given.egressProxy, check),
    retrySchedule: resolveRetrySchedule(given.retrySchedule, check),
    retryJitter: resolveRetryJitter(given.retryJitter, check),
    requestTimeoutMs,
    maxResponseBodyBytes: check.integer(
      'maxResponseBodyBytes',
      given.maxResponseBodyBytes,
      d.maxResponseBodyBytes,
      0,
    ),
    signatureHeader: resolveSignatureHeader(given.signatureHeader, check),
    standardWebhooksHeaders: check.boolean(
      'standardWebhooksHeaders',
      given.standardWebhooksHeaders,
      d.standardWebhooksHeaders,
    ),
    userAgent: check.string('userAgent', given.userAgent, d.userAgent, PRINTABLE_LINE_RULE),
    secretRotationOverlapMs: check.integer(
      'secretRotationOverlapMs',
      given.secretRotationOverlapMs,
      d.secretRotationOverlapMs,
      0,
    ),
    certificateExpiryWarningMs: check.integer(
      'certificateExpiryWarningMs',
      given.certificateExpiryWarningMs,
      d.certificateExpiryWarningMs,
      0,
    ),
    disableAfterFailures: check.integer(
      'disableAfterFailures',
      given.disableAfterFailures,
      d.disableAfterFailures,
      1,
    ),
    maxEventBytes: check.integer('maxEventBytes', given.maxEventBytes, d.maxEventBytes, 1),
    retentionDays: check.positiveNumber('retentionDays', given.retentionDays, d.retentionDays),
    worker: resolveWorkerOptions(given.worker, requestTimeoutMs, check),
    clock: resolveClock(given.clock, check),
    metricsRegistry: resolveMetricsRegistry(given.metricsRegistry, check),
    traceparentHeader: check.boolean('traceparentHeader', given.traceparentHeader, d.traceparentHeader),
    authorize: checkAuthorizeOption(check, given.authorize, {
      controllers: mount.controllers,
      production: env.NODE_ENV === 'production',
    }),
  };
  check.throwIfProblems((problems) => new InvalidWebhooksOptionsError(problems));
  return resolved;
}

/**
 * A header name that is also free: one of the fixed delivery headers (`webhook-signature`,
 * `Content-Type`, …) would be overwritten or sent twice, so it fails here, naming the option, rather
 * than at the first delivery.
 */
function resolveSignatureHeader(value: unknown, check: OptionChecker): string {
  const name = check.string('signatureHeader', value, WEBHOOKS_DEFAULTS.signatureHeader, HEADER_NAME_RULE);
  if (value === undefined || name !== value) return name;
  try {
    assertSignatureHeaderName(name);
  } catch (error) {
    check.fail('signatureHeader', (error as Error).message);
  }
  return name;
}

/** The members of a {@link WebhooksStorage} that are ports, each provided under its own token. */
const STORAGE_PORTS = [
  'subscriptions',
  'events',
  'deliveryQueue',
  'deliveryLog',
  'deliveryActions',
  'deliveryMaintenance',
] as const satisfies readonly (keyof WebhooksStorage)[];

function resolveStorage(
  options: WebhooksModuleOptions,
  env: Record<string, string | undefined>,
  check: OptionChecker,
): WebhooksStorage {
  const allowInMemory = check.boolean('allowInMemoryStorage', options.allowInMemoryStorage, false);
  const storage = options.storage ?? new InMemoryWebhooksStorage();
  if (typeof storage !== 'object' || storage === null) {
    check.fail('storage', storageNotImplementedMessage([], false));
    return new InMemoryWebhooksStorage();
  }
  const missing: string[] = STORAGE_PORTS.filter((port) => !storage[port]);
  if (typeof storage.listen !== 'function') missing.push('listen()');
  if (missing.length > 0) {
    check.fail('storage', storageNotImplementedMessage(missing, 'deliveries' in storage));
    return new InMemoryWebhooksStorage();
  }
  if (storage.kind === 'memory' && env.NODE_ENV === 'production' && !allowInMemory) {
    check.fail(
      'storage',
      'in-memory storage loses every subscription and event on restart and is refused when NODE_ENV=production; ' +
        'pass a persistent storage (MikroOrmWebhooksStorage) or set allowInMemoryStorage: true',
    );
  }
  return storage;
}

/** The key ring (newest first); a random key only where nothing outlives the process. */
function resolveSecretKeys(
  given: WebhooksModuleOptions,
  storage: WebhooksStorage,
  check: OptionChecker,
): Buffer[] {
  const ring = resolveSecretKeyRing(check, given, { buffers: false });
  if (ring) return ring;
  if ((given.secretKey === undefined || given.secretKey === '') && given.secretKeys === undefined) {
    if (storage.kind !== 'memory') {
      check.fail(
        'secretKey',
        `is required with ${storage.kind} storage (or secretKeys, the key ring): subscription secrets are encrypted with it and could not be read after a restart without it`,
      );
    }
  }
  // In-memory rows die with the process, and so may their key (after a problem, the checker throws).
  return [randomBytes(32)];
}

/** The proxy URL, checked; problems never quote it (it may carry the proxy's password). */
function resolveEgressProxy(value: unknown, check: OptionChecker): URL | null {
  if (value === undefined) return null;
  if (typeof value !== 'string') {
    check.fail('egressProxy', `must be a string (http://host:port), got ${describeValue(value)}`);
    return null;
  }
  try {
    return parseEgressProxyUrl(value);
  } catch (error) {
    check.fail('egressProxy', (error as Error).message);
    return null;
  }
}

function resolveRetrySchedule(value: unknown, check: OptionChecker): number[] {
  const fallback = () => parseRetrySchedule(WEBHOOKS_DEFAULTS.retrySchedule);
  if (value === undefined) return fallback();
  if (typeof value === 'string') {
    try {
      return parseRetrySchedule(value);
    } catch (error) {
      check.fail('retrySchedule', (error as Error).message);
      return fallback();
    }
  }
  if (!Array.isArray(value) || value.length === 0) {
    check.fail('retrySchedule', `must be a non-empty list of delays, got ${describeValue(value)}`);
    return fallback();
  }
  const bad = value.findIndex(
    (entry: unknown) => typeof entry !== 'number' || !Number.isSafeInteger(entry) || entry < 0,
  );
  if (bad >= 0) {
    check.fail(
      'retrySchedule',
      `entry ${bad} (${describeValue(value[bad])}) must be a whole number of milliseconds >= 0`,
    );
    return fallback();
  }
  return [...(value as number[])];
}

function resolveRetryJitter(value: unknown, check: OptionChecker): number {
  const jitter = check.number('retryJitter', value, WEBHOOKS_DEFAULTS.retryJitter, 0);
  if (jitter > 1) {
    check.fail('retryJitter', `must be a fraction in [0, 1] (0.1 = ±10 %), got ${describeValue(value)}`);
    return WEBHOOKS_DEFAULTS.retryJitter;
  }
  return jitter;
}

function resolveClock(value: unknown, check: OptionChecker): Clock {
  if (value === undefined) return new SystemClock();
  if (
    !check.implementation(
      'clock',
      value,
      ['now'],
      ' (a now(): Date method, e.g. new ManualClock() from @org/common)',
    )
  )
    return new SystemClock();
  return value as Clock;
}
