import type { AuthorizeOption, Clock } from '@org/common';
import type { Registry } from 'prom-client';
import type { WebhookEventClass } from '../catalogue/webhook-event.decorator.js';
import type { WebhooksStorage } from '../storage/webhooks-storage.interface.js';

/** One entry of the event type catalogue. */
export interface EventTypeDefinition {
  /** e.g. `contact.created`. */
  name: string;
  description: string;
  /**
   * A realistic `data` object, sent by ping when this type is chosen; with a `schema`, it must pass
   * it (checked at start-up).
   */
  example?: Record<string, unknown>;
  /**
   * The JSON Schema (draft 2020-12) of the event's `data`: published data that breaks it is refused
   * (`EventValidationException`, 400 `validation_failed`). Generated for a `@WebhookEvent` class;
   * without one, any object is accepted.
   */
  schema?: Record<string, unknown>;
}

/** Worker settings; see {@link WebhooksModuleOptions.worker}. Defaults: `WEBHOOKS_DEFAULTS.worker`. */
export interface WebhooksWorkerOptions {
  /** Attempts claimed per round trip. @default 200 */
  batchSize?: number;
  /** Requests in flight at once across all endpoints. @default 128 */
  concurrency?: number;
  /** Requests in flight at once to one subscription, so a slow endpoint cannot starve others. @default 8 */
  perSubscriptionConcurrency?: number;
  /** How long a claim is held; a crashed worker's attempts are retried after it. Must exceed the request timeout. @default 60000 */
  leaseMs?: number;
  /** Safety-net poll when no wake-up arrives (retries come due, other instances publish). @default 1000 */
  pollIntervalMs?: number;
}

/**
 * Options of `WebhooksModule.forRoot()` / `forRootAsync()`. Every `@default` below is the value in
 * `WEBHOOKS_DEFAULTS` (webhooks.constants.ts), the one place the resolver reads defaults from.
 */
export interface WebhooksModuleOptions {
  /**
   * Who may call the management routes (`/webhooks…`, `/events…`): a function `(request) =>
   * principal | null` (sync or async) or an injectable `Authorizer` class, where a principal is
   * `{ workspace: string | null, scopes?: ('webhooks:read' | 'webhooks:write')[] }`. `null` answers
   * 401; the module enforces the scopes (403) and scopes every route to the principal's workspace.
   * `allowEveryoneInDevelopment` (from `@org/common`) lets everyone in, and is refused when
   * `NODE_ENV=production`. Required unless the module is registered with `controllers: false`.
   */
  authorize?: AuthorizeOption;
  /** Where subscriptions, events and attempts live. @default in-memory (refused in production) */
  storage?: WebhooksStorage;
  /** Lets the in-memory storage run when `NODE_ENV=production`. @default false */
  allowInMemoryStorage?: boolean;
  /**
   * 32-byte key (base64 or hex) that encrypts subscription secrets at rest (AES-256-GCM): the one-key
   * form of `secretKeys`. One of the two is required with persistent storage, since secrets could not
   * be decrypted after a restart without it.
   * @default a random per-process key, with in-memory storage only
   */
  secretKey?: string;
  /**
   * The key ring, newest first (each 32 bytes, base64 or hex): the first key encrypts, every key
   * decrypts, so the key can be changed without downtime (run `[new, old]` while stored secrets are
   * re-encrypted with `reencryptStoredSecrets`, then `[new]`). The ring form of `secretKey`; give one
   * of the two. Stored secrets no key opens stop start-up with `UndecryptableStoredSecretsError`.
   * @default a random per-process key, with in-memory storage only
   */
  secretKeys?: readonly string[];
  /**
   * The event type catalogue: plain definitions and `@WebhookEvent` payload classes, side by side.
   * When set, subscriptions and publishes with unknown types are refused, and the data of a type
   * with a schema is checked against it. A name given twice, a schema that does not compile or an
   * example that breaks its schema stops start-up.
   * @default [] (any type)
   */
  eventTypes?: (EventTypeDefinition | WebhookEventClass)[];
  /** Let subscriptions target loopback/private addresses and plain http. For local work and tests only. @default false */
  allowPrivateUrls?: boolean;
  /**
   * What the host calls its own switch for `allowPrivateUrls` (an environment variable, a key of its
   * configuration), for the 400 that refuses a URL only that switch would allow: the message then
   * says "the setting <name>=true allows plain http and private addresses" instead of naming this
   * module option, which the people calling the host's API cannot see or set.
   * @example 'WEBHOOKS_ALLOW_PRIVATE_URLS'
   * @default none: the message names the WebhooksModule option allowPrivateUrls
   */
  privateUrlsSettingName?: string;
  /** Delays before each attempt (`0,30s,2m,10m,1h` or milliseconds); its length is the number of attempts. @default '0,30s,2m,10m,1h' */
  retrySchedule?: string | number[];
  /**
   * Spread of each retry delay by up to ± this fraction (0.1 = ±10 %), so deliveries that failed
   * together (an endpoint outage) do not all retry at the same instant; `0` makes delays exact.
   * @default 0.1
   */
  retryJitter?: number;
  /**
   * An HTTP proxy every delivery, ping and token request leaves through (`CONNECT` tunnels), so
   * endpoints see the proxy's fixed addresses and can allow-list them: `http://host:port`, or
   * `http://user:password@host:port` for `Proxy-Authorization: Basic`. The destination is still
   * resolved and checked against the address policy first, and the proxy is asked for the checked
   * IP, never the name; a refused destination never reaches it. Proxy failures are recorded with the
   * error class `proxy`. The proxy itself may be on a private address. Never logged.
   * @example 'http://egress-proxy.internal:3128'
   * @default none: deliveries connect directly
   */
  egressProxy?: string;
  /** Per-attempt timeout, connect to last byte. @default 10000 */
  requestTimeoutMs?: number;
  /** How much of an endpoint's answer the log keeps. @default 4096 */
  maxResponseBodyBytes?: number;
  /** Name of the `t=…,v1=…` signature header. @default 'X-Webhook-Signature' */
  signatureHeader?: string;
  /** Also send `webhook-id`, `webhook-timestamp`, `webhook-signature` (Standard Webhooks). @default true */
  standardWebhooksHeaders?: boolean;
  /** User-Agent of deliveries. @default 'org-webhooks/0.1' */
  userAgent?: string;
  /** How long a rotated-out secret keeps signing beside the new one. @default 86400000 (24 h) */
  secretRotationOverlapMs?: number;
  /**
   * How long before a subscription's client certificate (mutual TLS) expires the operational event
   * `webhook.certificate_expiring` is published to its workspace, once per certificate.
   * @default 1209600000 (14 days)
   */
  certificateExpiryWarningMs?: number;
  /** Consecutive failed attempts after which a subscription is disabled. @default 20 */
  disableAfterFailures?: number;
  /** Largest `data` of a published event, serialized. @default 262144 (256 KiB) */
  maxEventBytes?: number;
  /** How long finished attempts and delivered events are kept. @default 30 */
  retentionDays?: number;
  /** Run delivery workers in this instance (`false` for API-only instances), or tune them. @default true */
  worker?: boolean | WebhooksWorkerOptions;
  /**
   * The source of "now" for timestamps, retry schedules, leases and rotation overlaps. Tests pass a
   * `ManualClock`; overriding the `Clock` provider of the module works too.
   * @default SystemClock
   */
  clock?: Clock;
  /**
   * The prom-client registry the `webhooks_*` metrics are registered in; pass the host's own to
   * serve them beside its metrics on one `/metrics`. Read them with `WebhooksMetrics.registry`.
   * Needs prom-client (an optional peer): without it and without this option, nothing is counted.
   * @default a registry of the module's own
   */
  metricsRegistry?: Registry;
  /**
   * Send the W3C `traceparent` header of each attempt's HTTP client span, so a receiver that traces
   * continues the trace of the publish. Off by default: it tells receivers the trace ids.
   * @default false
   */
  traceparentHeader?: boolean;
}
