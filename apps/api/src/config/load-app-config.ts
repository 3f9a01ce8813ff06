import { resolve } from 'node:path';
import {
  parseEgressProxyUrl,
  parseRetrySchedule,
  parseSecretKey,
  parseSecretKeyRing,
  WEBHOOKS_DEFAULTS,
} from '@org/webhooks';
import { DEFAULT_MAX_BODY_BYTES_IN_FLIGHT } from '../http/http-limits.js';
import {
  ALLOW_PRIVATE_URLS_SETTING,
  AppConfig,
  ConfigError,
  DEFAULT_HTTP_ADAPTER,
  HTTP_ADAPTERS,
  type HttpAdapterName,
} from './app-config.js';
import { loadObservabilityConfig } from './observability-config.js';
import { parseApiKeys } from './parse-api-keys.js';

type Env = Record<string, string | undefined>;

/**
 * Reads and validates every setting.
 * @throws ConfigError naming the first bad setting.
 */
export function loadAppConfig(env: Env = process.env): AppConfig {
  const nodeEnv = env.NODE_ENV?.trim() || 'development';
  const apiKeys = parseApiKeys(optional(env.WEBHOOKS_API_KEYS));
  if (apiKeys.length === 0 && nodeEnv === 'production') {
    throw new ConfigError('WEBHOOKS_API_KEYS', 'is required when NODE_ENV=production');
  }
  const secretKeys = parseSecretKeys(env);
  if (secretKeys.length === 0 && nodeEnv === 'production') {
    throw new ConfigError(
      'WEBHOOKS_SECRET_KEY',
      'is required when NODE_ENV=production, or WEBHOOKS_SECRET_KEYS (the key ring) (e.g. `openssl rand -base64 32`)',
    );
  }
  return {
    nodeEnv,
    port: parsePort(env.PORT),
    httpAdapter: parseHttpAdapter(env.HTTP_ADAPTER),
    databaseUrl: parseDatabaseUrl(env.DATABASE_URL),
    databasePoolSize: parsePoolSize(env.DATABASE_POOL_SIZE),
    dataDir: resolve(optional(env.WEBHOOKS_DATA_DIR) ?? '.data'),
    apiKeys,
    publicUrl: parsePublicUrl(env.PUBLIC_URL),
    secretKeys,
    allowPrivateUrls: parseBoolean(
      ALLOW_PRIVATE_URLS_SETTING,
      env[ALLOW_PRIVATE_URLS_SETTING],
      nodeEnv !== 'production',
    ),
    egressProxy: parseWith('WEBHOOKS_EGRESS_PROXY', optional(env.WEBHOOKS_EGRESS_PROXY), parseEgressProxyUrl),
    retrySchedule:
      parseWith('WEBHOOKS_RETRY_SCHEDULE', optional(env.WEBHOOKS_RETRY_SCHEDULE), parseRetrySchedule) ??
      WEBHOOKS_DEFAULTS.retrySchedule,
    stripeSecrets: parseSecretList('STRIPE_WEBHOOK_SECRET', env.STRIPE_WEBHOOK_SECRET),
    githubSecrets: parseSecretList('GITHUB_WEBHOOK_SECRET', env.GITHUB_WEBHOOK_SECRET),
    hubspotSecrets: parseSecretList('HUBSPOT_CLIENT_SECRET', env.HUBSPOT_CLIENT_SECRET),
    migrateOnStart: parseBoolean('MIGRATE_ON_START', env.MIGRATE_ON_START, true),
    worker: parseBoolean('WEBHOOKS_WORKER', env.WEBHOOKS_WORKER, true),
    observability: loadObservabilityConfig(env, nodeEnv),
    ingestRetentionDays: parseRetentionDays('INGEST_RETENTION', env.INGEST_RETENTION),
    webhooksRetentionDays: parseRetentionDays('WEBHOOKS_RETENTION', env.WEBHOOKS_RETENTION),
    maxBodyBytesInFlight: parseByteSize(
      'MAX_BODY_BYTES_IN_FLIGHT',
      env.MAX_BODY_BYTES_IN_FLIGHT,
      DEFAULT_MAX_BODY_BYTES_IN_FLIGHT,
    ),
  };
}

/** Checks `value` with the library's own parser, so the app and the library agree on what is valid. */
function parseWith(name: string, value: string | null, parse: (text: string) => unknown): string | null {
  if (value === null) return null;
  try {
    parse(value);
  } catch (error) {
    throw new ConfigError(name, error instanceof Error ? error.message : String(error));
  }
  return value;
}

/**
 * `WEBHOOKS_SECRET_KEYS` (the ring, newest first) or `WEBHOOKS_SECRET_KEY` (one key), each key as
 * written; empty when neither is set.
 */
function parseSecretKeys(env: Env): string[] {
  const ring = optional(env.WEBHOOKS_SECRET_KEYS);
  const single = optional(env.WEBHOOKS_SECRET_KEY);
  if (ring !== null && single !== null) {
    throw new ConfigError(
      'WEBHOOKS_SECRET_KEYS',
      'cannot be set together with WEBHOOKS_SECRET_KEY: keep one (WEBHOOKS_SECRET_KEYS=<new key>,<old key> during a rotation, WEBHOOKS_SECRET_KEYS or WEBHOOKS_SECRET_KEY with one key otherwise)',
    );
  }
  if (single !== null) {
    if (single.includes(','))
      throw new ConfigError('WEBHOOKS_SECRET_KEY', 'holds one key: give a ring as WEBHOOKS_SECRET_KEYS');
    parseWith('WEBHOOKS_SECRET_KEY', single, parseSecretKey);
    return [single];
  }
  if (ring === null) return [];
  parseWith('WEBHOOKS_SECRET_KEYS', ring, parseSecretKeyRing);
  return ring.split(',').map((key) => key.trim());
}

function optional(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function parsePort(value: string | undefined): number {
  const text = optional(value);
  if (text === null) return 3000;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) {
    throw new ConfigError('PORT', `"${text}" is not a port number (1-65535)`);
  }
  return port;
}

function parseHttpAdapter(value: string | undefined): HttpAdapterName {
  const text = optional(value)?.toLowerCase() ?? null;
  if (text === null) return DEFAULT_HTTP_ADAPTER;
  const name = HTTP_ADAPTERS.find((adapter) => adapter === text);
  if (name === undefined) {
    throw new ConfigError(
      'HTTP_ADAPTER',
      `"${value?.trim()}" is not a platform (use ${HTTP_ADAPTERS.join(' or ')})`,
    );
  }
  return name;
}

function parseDatabaseUrl(value: string | undefined): string | null {
  const text = optional(value);
  if (text === null) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(
      'DATABASE_URL',
      'is not a URL (expected postgres://user:password@host:5432/database)',
    );
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(
      'DATABASE_URL',
      `must start with postgres:// or postgresql://, not ${url.protocol}//`,
    );
  }
  if (url.pathname.length <= 1) throw new ConfigError('DATABASE_URL', 'must name a database (…/database)');
  return text;
}

function parsePublicUrl(value: string | undefined): string | null {
  const text = optional(value);
  if (text === null) return null;
  try {
    const url = new URL(text);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error();
    return text.replace(/\/+$/, '');
  } catch {
    throw new ConfigError('PUBLIC_URL', `"${text}" is not an absolute http(s) URL`);
  }
}

function parseBoolean(name: string, value: string | undefined, fallback: boolean): boolean {
  const text = optional(value)?.toLowerCase();
  if (text === undefined || text === null) return fallback;
  if (['true', '1', 'yes', 'on'].includes(text)) return true;
  if (['false', '0', 'no', 'off'].includes(text)) return false;
  throw new ConfigError(name, `"${value}" is not a boolean (use true or false)`);
}

/** Connections each instance keeps to PostgreSQL at most; default 20. */
function parsePoolSize(value: string | undefined): number {
  const text = optional(value);
  if (text === null) return 20;
  const size = Number(text);
  if (!/^\d+$/.test(text) || size < 2 || size > 1000) {
    // Two at least: the worker's LISTEN connection and the statements' pool share it.
    throw new ConfigError('DATABASE_POOL_SIZE', `"${text}" is not a connection count (2-1000)`);
  }
  return size;
}

/** Days as `30`, `30d` or hours as `12h`; unset: the library's default (30 days). */
function parseRetentionDays(name: string, value: string | undefined): number | null {
  const text = optional(value);
  if (text === null) return null;
  const match = /^(\d+(?:\.\d+)?)\s*([dh]?)$/.exec(text);
  const amount = match ? Number(match[1]) : 0;
  if (!match || amount <= 0) throw new ConfigError(name, `"${text}" is not a duration (e.g. 30d, 12h or 30)`);
  return match[2] === 'h' ? amount / 24 : amount;
}

const BYTE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** A size in bytes as `67108864`, `64mb`, `512kb` or `1gb` (binary units, as Express's `limit`). */
function parseByteSize(name: string, value: string | undefined, fallback: number): number {
  const text = optional(value)?.toLowerCase();
  if (text === null || text === undefined) return fallback;
  const match = /^(\d+)\s*(b|kb|mb|gb)?$/.exec(text);
  const bytes = match ? Number(match[1]) * BYTE_UNITS[match[2] ?? ''] : 0;
  if (!match || bytes < 1 || !Number.isSafeInteger(bytes)) {
    throw new ConfigError(name, `"${value?.trim()}" is not a size (e.g. 64mb, 512kb or a number of bytes)`);
  }
  return bytes;
}

function parseSecretList(name: string, value: string | undefined): string[] {
  const text = optional(value);
  if (text === null) return [];
  const secrets = text.split(',').map((s) => s.trim());
  if (secrets.some((s) => s.length === 0)) throw new ConfigError(name, 'has an empty entry between commas');
  return secrets;
}
