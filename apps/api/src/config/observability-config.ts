import { ConfigError } from './app-config.js';

type Env = Record<string, string | undefined>;

/** How the app writes its logs: one JSON object per line, or coloured lines for a terminal. */
export type LogFormat = 'json' | 'pretty';

/** Pino's levels, quietest last. */
const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/** Log, metrics and tracing settings of the host app (docs/operations.md, "Monitoring"). */
export interface ObservabilityConfig {
  /** `LOG_FORMAT`: default `json` when `NODE_ENV=production`, `pretty` otherwise. */
  logFormat: LogFormat;
  /** `LOG_LEVEL`, default `info`. */
  logLevel: (typeof LOG_LEVELS)[number];
  /** `METRICS_PORT`: also serve `/metrics` on this port, without an API key; `null`: only on the API port. */
  metricsPort: number | null;
  /** `WEBHOOKS_TRACEPARENT`: send `traceparent` on deliveries, default false. */
  traceparentHeader: boolean;
}

/**
 * Reads the observability settings.
 * @throws ConfigError naming the bad setting.
 */
export function loadObservabilityConfig(env: Env, nodeEnv: string): ObservabilityConfig {
  return {
    logFormat: oneOf(
      'LOG_FORMAT',
      env.LOG_FORMAT,
      ['json', 'pretty'],
      nodeEnv === 'production' ? 'json' : 'pretty',
    ),
    logLevel: oneOf('LOG_LEVEL', env.LOG_LEVEL, LOG_LEVELS, 'info'),
    metricsPort: metricsPort(env.METRICS_PORT),
    traceparentHeader: flag('WEBHOOKS_TRACEPARENT', env.WEBHOOKS_TRACEPARENT),
  };
}

function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  const text = value?.trim().toLowerCase();
  if (!text) return fallback;
  if (!(allowed as readonly string[]).includes(text))
    throw new ConfigError(name, `"${value}" must be one of ${allowed.join(', ')}`);
  return text as T;
}

function metricsPort(value: string | undefined): number | null {
  const text = value?.trim();
  if (!text) return null;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535)
    throw new ConfigError('METRICS_PORT', `"${text}" is not a port number (1-65535)`);
  return port;
}

function flag(name: string, value: string | undefined): boolean {
  const text = value?.trim().toLowerCase();
  if (!text) return false;
  if (['true', '1', 'yes', 'on'].includes(text)) return true;
  if (['false', '0', 'no', 'off'].includes(text)) return false;
  throw new ConfigError(name, `"${value}" is not a boolean (use true or false)`);
}
