import type { ManagementScope } from '@org/common';
import type { ObservabilityConfig } from './observability-config.js';

/**
 * The host app's settings, read once from the environment by `loadAppConfig`. Every setting is
 * documented in docs/configuration.md; a bad value stops start-up with a message naming the setting.
 */
export interface AppConfig {
  nodeEnv: string;
  /** HTTP port. `PORT`, default 3000. */
  port: number;
  /** The HTTP platform the app runs on. `HTTP_ADAPTER`, default {@link DEFAULT_HTTP_ADAPTER}. */
  httpAdapter: HttpAdapterName;
  /** `DATABASE_URL`; unset: an embedded PostgreSQL is started under `dataDir`. */
  databaseUrl: string | null;
  /** Most connections an instance opens to PostgreSQL. `DATABASE_POOL_SIZE`, default 20. */
  databasePoolSize: number;
  /** Folder for the embedded database and generated development keys. `WEBHOOKS_DATA_DIR`, default `.data`. */
  dataDir: string;
  /**
   * `WEBHOOKS_API_KEYS`: `key`, `key:workspace`, `key:workspace:scopes` or `key::scopes` entries
   * (see `parse-api-keys.ts`); empty means "generate one" (development only).
   */
  apiKeys: ApiKeyEntry[];
  /** `PUBLIC_URL`: the address third parties call (HubSpot URL signing behind a proxy, source URLs, portal links). */
  publicUrl: string | null;
  /**
   * The key ring that encrypts stored secrets, newest first (32 bytes each, base64 or hex):
   * `WEBHOOKS_SECRET_KEYS`, or `WEBHOOKS_SECRET_KEY` as a ring of one; empty: generated in development.
   */
  secretKeys: string[];
  /**
   * `WEBHOOKS_ALLOW_PRIVATE_URLS`: subscriptions may target loopback/private addresses and plain
   * http. Default true outside production (a local receiver works on the first start), false in
   * production.
   */
  allowPrivateUrls: boolean;
  /**
   * `WEBHOOKS_EGRESS_PROXY`: the `http://[user:password@]host:port` proxy every delivery leaves
   * through (CONNECT tunnels, so endpoints can allow-list the proxy's addresses); null: direct.
   * Holds a password when the proxy wants one: never logged.
   */
  egressProxy: string | null;
  /** `WEBHOOKS_RETRY_SCHEDULE`, validated by the webhooks module. */
  retrySchedule: string;
  /** `STRIPE_WEBHOOK_SECRET` (comma-separated for rotation). */
  stripeSecrets: string[];
  /** `GITHUB_WEBHOOK_SECRET` (comma-separated for rotation). */
  githubSecrets: string[];
  /** `HUBSPOT_CLIENT_SECRET` (comma-separated for rotation). */
  hubspotSecrets: string[];
  /** `MIGRATE_ON_START`, default true. */
  migrateOnStart: boolean;
  /** `WEBHOOKS_WORKER`, default true: `false` runs an API-only instance. */
  worker: boolean;
  /** Logs, metrics and tracing (`LOG_FORMAT`, `LOG_LEVEL`, `METRICS_PORT`, `WEBHOOKS_TRACEPARENT`). */
  observability: ObservabilityConfig;
  /** `INGEST_RETENTION` in days (`30d`, `12h`); null: the ingest default, 30 days. */
  ingestRetentionDays: number | null;
  /**
   * `WEBHOOKS_RETENTION` in days (`30d`, `12h`): how long finished attempts and delivered events are
   * kept; null: the library's default, 30 days.
   */
  webhooksRetentionDays: number | null;
  /**
   * `MAX_BODY_BYTES_IN_FLIGHT`: request body bytes (as declared) read and handled at once; a body
   * past it answers 503 `server_busy` with `Retry-After`. Default 64 MiB.
   */
  maxBodyBytesInFlight: number;
}

/** One accepted API key and the workspace it is bound to (`null`: sees every workspace). */
export interface ApiKeyEntry {
  key: string;
  workspace: string | null;
  /** What the key may do; every scope when the entry names none. */
  scopes: ManagementScope[];
}

/** The HTTP platforms the app runs on: Nest's `@nestjs/platform-express` or `@nestjs/platform-fastify`. */
export const HTTP_ADAPTERS = ['express', 'fastify'] as const;

/** One of {@link HTTP_ADAPTERS}. */
export type HttpAdapterName = (typeof HTTP_ADAPTERS)[number];

/**
 * The platform when `HTTP_ADAPTER` is unset: Fastify, which the bench measures faster through the
 * whole host app (publish, ingest, end to end; docs/benchmarks.md).
 */
export const DEFAULT_HTTP_ADAPTER: HttpAdapterName = 'fastify';

/** The setting behind {@link AppConfig.allowPrivateUrls}, which the API's URL refusals name. */
export const ALLOW_PRIVATE_URLS_SETTING = 'WEBHOOKS_ALLOW_PRIVATE_URLS';

/** A setting with a bad value; the message names the setting. */
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    problem: string,
  ) {
    super(`Invalid setting ${setting}: ${problem}`);
    this.name = 'ConfigError';
  }
}

/** Injection token of the loaded {@link AppConfig}. */
export const APP_CONFIG = Symbol('AppConfig');
