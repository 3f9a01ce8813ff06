import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { LevelWithSilent } from 'pino';
import type { ObservabilityConfig } from '../config/observability-config.js';
import { gatedRouteOf } from '../http/request-gate.middleware.js';

/** Probes and scrapes would drown the log. */
const QUIET_PATHS = /^\/(api\/health|metrics)(\/|\?|$)/;

/**
 * The per-event routes (`METHOD template`, as the pre-body gate matches them): publishing and
 * receiving webhooks. Their successes are logged at `debug`: one `info` line per event would cost
 * more than the route itself under load, and the event's own records (attempts, inbound events)
 * already say what happened. Their failures stay at `info` and above.
 */
const HOT_ROUTES = new Set(['POST /events', 'POST /events/batch', 'POST /webhooks/:source']);

/** pino-pretty's entry, resolved here (the app's own dependency) for the transport's worker. */
const PRETTY_TARGET = createRequire(import.meta.url).resolve('pino-pretty');

/** Requests without an access log line of their own. */
function isQuiet(request: IncomingMessage): boolean {
  return QUIET_PATHS.test(request.url ?? '');
}

/**
 * The access line's level: `debug` for a success of a {@link HOT_ROUTES} route, `info` (pino-http's
 * default) for everything else, failures of hot routes included.
 */
export function accessLogLevel(
  request: IncomingMessage,
  response: ServerResponse,
  error?: Error,
): LevelWithSilent {
  if (error || response.statusCode >= 400) return 'info';
  const route = gatedRouteOf(request);
  return route && HOT_ROUTES.has(`${request.method} ${route.template}`) ? 'debug' : 'info';
}

/**
 * Structured logs through pino: JSON lines in production, pino-pretty in development. Every Nest
 * `Logger` call goes through it (`app.useLogger`). Request lines carry method, URL, status and
 * timing only: headers (API keys, signatures) and bodies are never serialized.
 */
export function loggingModule(config: ObservabilityConfig): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: config.logLevel,
      // Pretty printing formats each line (colours, dates): done in the event loop it costs more than
      // the request it logs, so a pino transport does it in a worker thread. pino flushes the
      // worker synchronously on exit, so a line written just before process.exit is not lost.
      ...(config.logFormat === 'pretty'
        ? {
            transport: {
              target: PRETTY_TARGET,
              options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' },
            },
          }
        : {}),
      autoLogging: { ignore: isQuiet },
      customLogLevel: accessLogLevel,
      serializers: {
        req: (request: { id?: unknown; method?: string; url?: string }) => ({
          id: request.id,
          method: request.method,
          url: request.url,
        }),
        res: (response: ServerResponse | { statusCode?: number }) => ({ statusCode: response.statusCode }),
      },
    },
  });
}
