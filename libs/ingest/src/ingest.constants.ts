/** Prefix of the ids of stored inbound events (`iev_01J…`). */
export const INBOUND_EVENT_ID_PREFIX = 'iev';

/** Prefix of the ids of sources created over the API (`src_01J…`), also their URL segment. */
export const INBOUND_SOURCE_ID_PREFIX = 'src';

/**
 * How long the gateway reuses a source it looked up (its verifier, decrypted secrets): changes made
 * through this process invalidate at once, changes through another instance are seen within this.
 */
export const SOURCE_CACHE_TTL_MS = 30_000;

/** How long a rotated-out source secret is still accepted (like the outbound rotation). */
export const SOURCE_SECRET_ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

/** Metadata key written by {@link OnWebhook} on handler methods. */
export const ON_WEBHOOK_METADATA = 'org:ingest:on-webhook';

/** Matches every source (as the first argument of `@OnWebhook`) or every type (as the second). */
export const ANY = '*';

/**
 * Names no source may take: `POST /webhooks/<name>` would collide with the outbound API's own paths
 * under `/webhooks` (Rapidly's `/webhooks/endpoints`, `/webhooks/events/…`, the delivery log, the
 * event type catalogue), which a host mounting both libraries under one prefix must keep reachable.
 */
export const RESERVED_SOURCE_NAMES = ['endpoints', 'events', 'deliveries', 'event-types'] as const;

/** What a source name may look like: it is a URL path segment and a database key. */
export const SOURCE_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** Longest external id (the sender's own event id) the library accepts. */
export const MAX_EXTERNAL_ID_LENGTH = 255;

/** Longest event type the library accepts. */
export const MAX_EVENT_TYPE_LENGTH = 255;

/**
 * Most events one request may carry (HubSpot sends at most 100 per request). Each event keeps the
 * request's raw body, so this bounds what one request can make the store write.
 */
export const MAX_EVENTS_PER_REQUEST = 100;

/** Longest handler error kept on an event; longer messages are cut. */
export const MAX_ERROR_LENGTH = 2_000;

/** Request headers stored with every event, besides those each verifier names. */
export const COMMON_STORED_HEADERS = ['content-type', 'user-agent'] as const;

/** Name used in start-up errors and logs. */
export const INGEST_MODULE_NAME = 'IngestModule';

/** Every default of `IngestModule` options, in one place: the resolver applies them and the JSDoc names them. */
export const INGEST_DEFAULTS = {
  allowInMemoryStorage: false,
  maxBodyBytes: 1_048_576,
  retry: { attempts: 8, backoffMs: 30_000, backoffFactor: 2, maxBackoffMs: 3_600_000 },
  worker: { enabled: true, concurrency: 8, leaseMs: 300_000, sweepIntervalMs: 5_000 },
  checkRawBodyAtStartup: true,
  signatureToleranceSeconds: 300,
  retentionDays: 30,
} as const;

/**
 * How deeply a received payload may nest objects and arrays. Deeper bodies are refused with 400
 * after their signature checked out: the stores' JSON handling (`JSON.stringify`, PostgreSQL jsonb)
 * recurses and would fail with a 500, which senders retry forever. Real Stripe, GitHub and HubSpot
 * payloads nest well under 16 levels.
 */
export const MAX_PAYLOAD_DEPTH = 64;
/** `Retry-After` (seconds) of the 503 answered when a verified webhook cannot be stored. */
export const STORAGE_RETRY_AFTER_SECONDS = 5;

/** How often finished inbound events past retention are pruned. */
export const PRUNE_EVERY_MS = 60 * 60 * 1000;

/** Rows deleted per statement while pruning, so no single delete holds locks for long. */
export const PRUNE_BATCH_SIZE = 10_000;

/** Shortest shared secret a source accepts (GitHub, HMAC, Shopify, Slack, HubSpot, Stripe): guessable below. */
export const MIN_SOURCE_SECRET_LENGTH = 16;

/** Longest source secret accepted. */
export const MAX_SOURCE_SECRET_LENGTH = 1024;

/** Bytes a Standard Webhooks secret (`whsec_` + base64) decodes to: the specification's 24 to 64. */
export const STANDARD_WEBHOOKS_KEY_BYTES = { min: 24, max: 64 } as const;

/** Widest replay window a source may set (`tolerance_seconds`, `maxAgeSeconds`): one day. */
export const MAX_TOLERANCE_SECONDS = 86_400;

/**
 * Headers a signature, timestamp, id or type header of a source may not be: hop-by-hop and
 * content headers, which proxies and the HTTP layer rewrite or consume.
 */
export const RESERVED_SOURCE_HEADERS: readonly string[] = [
  'connection',
  'content-encoding',
  'content-length',
  'content-type',
  'expect',
  'host',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];
