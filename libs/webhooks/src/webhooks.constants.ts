/** Name used in start-up errors and logs. */
export const WEBHOOKS_MODULE_NAME = 'WebhooksModule';

/**
 * Syntax of an event type name: lowercase dot-separated segments of `a-z`, `0-9` and `_`
 * (`contact.created`, `github.push`). Lowercase only because matching is exact and case-sensitive:
 * `Contact.Created` would silently never match `contact.created`.
 */
export const EVENT_TYPE_NAME = /^[a-z0-9_]+(\.[a-z0-9_]+)*$/;

/** Syntax of a subscription's event type pattern: an exact name, `prefix.*`, or `*` (everything). */
export const EVENT_TYPE_PATTERN = /^(\*|[a-z0-9_]+(\.[a-z0-9_]+)*(\.\*)?)$/;

/** Longest event type name or pattern. */
export const MAX_EVENT_TYPE_LENGTH = 200;

/** Most patterns one subscription may hold. */
export const MAX_EVENT_TYPES_PER_SUBSCRIPTION = 100;

/** Longest subscription name. */
export const MAX_SUBSCRIPTION_NAME_LENGTH = 200;

/** Longest subscription description. */
export const MAX_DESCRIPTION_LENGTH = 1000;

/** Longest subscription URL. */
export const MAX_URL_LENGTH = 2048;

/** Most keys of a subscription's `metadata`. */
export const MAX_METADATA_KEYS = 50;

/** Largest serialized `metadata` of a subscription, in bytes. */
export const MAX_METADATA_BYTES = 8192;

/**
 * Shortest signing secret a caller may choose. 16 characters keeps brute force of an HMAC key out of
 * reach while still allowing hand-made test secrets; generated ones are far longer.
 */
export const MIN_CALLER_SECRET_LENGTH = 16;

/** Longest signing secret a caller may choose. */
export const MAX_CALLER_SECRET_LENGTH = 256;

/** Longest idempotency key of a published event. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** Response header set when `POST /events` returns an event stored earlier under the same idempotency key. */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

/** Id prefix of subscriptions. */
export const SUBSCRIPTION_ID_PREFIX = 'whk';

/** Id prefix of events. */
export const EVENT_ID_PREFIX = 'evt';

/** Id prefix of delivery attempts. */
export const DELIVERY_ID_PREFIX = 'whd';

/**
 * Every default of `WebhooksModule` options, in one place: the resolver applies them, the options'
 * JSDoc names them and hosts read them (e.g. the retry schedule of their own configuration).
 */
export const WEBHOOKS_DEFAULTS = {
  retrySchedule: '0,30s,2m,10m,1h',
  requestTimeoutMs: 10_000,
  maxResponseBodyBytes: 4096,
  signatureHeader: 'X-Webhook-Signature',
  standardWebhooksHeaders: true,
  userAgent: 'org-webhooks/0.1',
  secretRotationOverlapMs: 86_400_000,
  disableAfterFailures: 20,
  maxEventBytes: 262_144,
  retentionDays: 30,
  allowPrivateUrls: false,
  allowInMemoryStorage: false,
  traceparentHeader: false,
  worker: {
    batchSize: 200,
    concurrency: 128,
    perSubscriptionConcurrency: 8,
    leaseMs: 60_000,
    pollIntervalMs: 1000,
  },
} as const;
