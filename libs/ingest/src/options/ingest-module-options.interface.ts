import type { AuthorizeOption, Clock } from '@org/common';
import type { Registry } from 'prom-client';
import type { InboundSourceStore } from '../storage/inbound-source-store.interface.js';
import type { IngestStore } from '../storage/ingest-store.interface.js';
import type { IngestSourcesOptions } from './source-options.interface.js';

/** How failed handlers are retried: delay before attempt n+1 = `backoffMs × backoffFactor^(n−1)`, capped. */
export interface IngestRetryOptions {
  /** Attempts in total, the first included; after the last failure the event is `failed`. @default 8 */
  attempts?: number;
  /** Delay after the first failure, in ms. @default 30000 */
  backoffMs?: number;
  /** Growth of the delay per failure. @default 2 */
  backoffFactor?: number;
  /** Largest delay, in ms. @default 3600000 (1 h) */
  maxBackoffMs?: number;
}

/** The background worker that runs handlers from stored events. */
export interface IngestWorkerOptions {
  /** Run handlers in this process. Turn off on instances that should only receive. @default true */
  enabled?: boolean;
  /** Events claimed and handled at once. @default 8 */
  concurrency?: number;
  /**
   * How long a claimed event belongs to its worker, in ms; a worker that dies leaves it to be taken
   * over after this. Keep it above your slowest handler. @default 300000 (5 min)
   */
  leaseMs?: number;
  /**
   * How often stored events are swept for due retries and abandoned leases, in ms (new events are
   * handled at once, without waiting for the sweep). @default 5000
   */
  sweepIntervalMs?: number;
}

/**
 * Options of `IngestModule.forRoot()` / `forRootAsync()`. Every `@default` below is the value in
 * `INGEST_DEFAULTS` (ingest.constants.ts), the one place the resolver reads defaults from.
 */
export interface IngestModuleOptions {
  /**
   * Who may call the management routes (`/inbound-events…`, `/inbound-sources…`): a function
   * `(request) => principal | null` (sync or async) or an injectable `Authorizer` class, where a
   * principal is `{ workspace: string | null, scopes?: ('webhooks:read' | 'webhooks:write')[] }`.
   * `null` answers 401; the module enforces the scopes (403) and scopes events and sources to the
   * principal's workspace. `allowEveryoneInDevelopment` (from `@org/common`) lets everyone in, and is
   * refused when `NODE_ENV=production`. Required unless the module is registered with
   * `controllers: false`. The receiving route `POST /webhooks/:source` never asks it: it
   * authenticates by the sender's signature.
   */
  authorize?: AuthorizeOption;
  /** The sources `POST /webhooks/:source` accepts. @default {} (every source answers 404) */
  sources?: IngestSourcesOptions;
  /**
   * Where verified events are stored before the 200: `new MikroOrmIngestStore(em)` from
   * `@org/ingest/mikro-orm` in production. @default an in-memory store, refused when NODE_ENV=production
   */
  storage?: IngestStore;
  /**
   * Where sources created over `POST /inbound-sources` are kept: `new MikroOrmInboundSourceStore(em)`
   * from `@org/ingest/mikro-orm` in production. @default an in-memory store
   */
  sourceStorage?: InboundSourceStore;
  /**
   * 32-byte key (base64, hex, or a Buffer) encrypting source secrets at rest with AES-256-GCM: give
   * the same key as the webhooks module's `secretKey`. This or `secretKeys` is required with a durable
   * `sourceStorage`.
   * @default a random key per process (only with the in-memory source store)
   */
  secretKey?: string | Buffer;
  /**
   * The base URL third parties call (`https://hooks.example.com`), put in front of the `url` of
   * sources in `/inbound-sources` answers. Unset: the request's `Host` when it is a host name or IP
   * literal with an optional port, else the address the server listens on (never other `Host` text).
   * @default unset
   */
  publicUrl?: string;
  /**
   * The key ring, newest first (each 32 bytes: base64, hex or a Buffer): the first key encrypts,
   * every key decrypts, so the key can be changed without downtime. The ring form of `secretKey`
   * (give one of the two); give the same ring as the webhooks module's `secretKeys`.
   * @default a random key per process (only with the in-memory source store)
   */
  secretKeys?: readonly (string | Buffer)[];
  /** Allow the in-memory store when NODE_ENV=production (events are lost on restart). @default false */
  allowInMemoryStorage?: boolean;
  /**
   * Largest webhook body, in bytes; larger ones answer 413. The host's JSON parser limit must be at
   * least this (`app.useBodyParser('json', { limit: maxBodyBytes })`), or the parser answers 413 first.
   * @default 1048576 (1 MiB)
   */
  maxBodyBytes?: number;
  /** Retries of failing handlers. */
  retry?: IngestRetryOptions;
  /**
   * Days processed and failed inbound events are kept (pending and processing ones always are);
   * pruned hourly where the worker runs. @default 30
   */
  retentionDays?: number;
  /** The background worker. */
  worker?: IngestWorkerOptions;
  /** The source of time for signature windows, retries and leases. @default new SystemClock() */
  clock?: Clock;
  /**
   * The prom-client registry the `ingest_*` metrics are registered in; pass the host's own to serve
   * them beside its metrics. Needs prom-client (an optional peer): without it and without this
   * option, nothing is counted. @default a registry of the module's own (`IngestMetrics.registry`)
   */
  metricsRegistry?: Registry;
  /**
   * Fail start-up when the app does not keep raw bodies (Express). Turn off only if you provide
   * `req.rawBody` some other way. @default true
   */
  checkRawBodyAtStartup?: boolean;
}

/** For `IngestModule.forRootAsync({ useClass })` / `useExisting`: a provider that builds the options. */
export interface IngestOptionsFactory {
  createIngestOptions(): IngestModuleOptions | Promise<IngestModuleOptions>;
}
