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
  retryJitter: 0.1,
  requestTimeoutMs: 10_000,
  maxResponseBodyBytes: 4096,
  signatureHeader: 'X-Webhook-Signature',
  standardWebhooksHeaders: true,
  userAgent: 'org-webhooks/0.1',
  secretRotationOverlapMs: 86_400_000,
  certificateExpiryWarningMs: 14 * 86_400_000,
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

/** Longest hold a `Retry-After` answer may ask for; longer values are clamped to it. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/** First back-off of an endpoint answering 429/502/503/504 without `Retry-After`; doubles per answer in a row. */
export const ENDPOINT_BACKOFF_BASE_MS = 1_000;

/** Longest back-off of an endpoint without `Retry-After`. */
export const MAX_ENDPOINT_BACKOFF_MS = 300_000;

/** Statuses that say "slow down": with `Retry-After` they hold the endpoint that long, without it they back it off. */
export const BACKPRESSURE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Statuses whose `Retry-After` is honoured. */
export const RETRY_AFTER_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/** Range of a subscription's own `timeout_ms`. */
export const SUBSCRIPTION_TIMEOUT_RANGE_MS = { min: 1_000, max: 30_000 } as const;

/** Highest `rate_limit` (deliveries per second) a subscription may set. */
export const MAX_SUBSCRIPTION_RATE_LIMIT = 10_000;

/** Highest `max_in_flight` a subscription may set. */
export const MAX_SUBSCRIPTION_IN_FLIGHT = 1_000;

/** The operator event published in a subscription's workspace when it is disabled automatically (20 failures, 410 Gone). */
export const WEBHOOK_DISABLED_EVENT = 'webhook.disabled';

/** Operational event: a subscription's client certificate expires within `certificateExpiryWarningMs`. */
export const WEBHOOK_CERTIFICATE_EXPIRING_EVENT = 'webhook.certificate_expiring';

/**
 * Shortest time between two NOTIFYs one process sends after group-committed publishes: other
 * instances wake within it, and the database's notification lock is taken at most this often.
 */
export const PUBLISH_NOTIFY_INTERVAL_MS = 5;

/** Most publishes one group commit stores together (one transaction, one multi-row insert). */
export const PUBLISH_GROUP_MAX = 500;

/** Group commits one process keeps in flight; submissions arriving meanwhile form the next. */
export const PUBLISH_GROUPS_IN_FLIGHT = 1;

/** Most events one `publishMany` / `POST /events/batch` takes. */
export const MAX_BATCH_EVENTS = 1_000;

/**
 * Largest body of `POST /events/batch` (a thousand events do not fit the 1 MB of one event's route).
 * Hosts give the route a body parser of this size; the module documents it in the API.
 */
export const MAX_BATCH_BODY_BYTES = 16 * 1024 * 1024;

/** {@link MAX_BATCH_BODY_BYTES} as the API documents it. */
export const BATCH_BODY_LIMIT_LABEL = '16 MB';
