import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pretty from 'pino-pretty';
import type { ObservabilityConfig } from '../config/observability-config.js';

/** Probes and scrapes would drown the log. */
const QUIET_PATHS = /^\/(api\/health|metrics)(\/|\?|$)/;

/** Requests without an access log line of their own. */
function isQuiet(request: IncomingMessage): boolean {
  return QUIET_PATHS.test(request.url ?? '');
}

/**
 * Structured logs through pino: JSON lines in production, pino-pretty in development. Every Nest
 * `Logger` call goes through it (`app.useLogger`). Request lines carry method, URL, status and
 * timing only: headers (API keys, signatures) and bodies are never serialized.
 */
export function loggingModule(config: ObservabilityConfig): DynamicModule {
  // Pretty output is written in this thread and synchronously, so nothing is lost at process.exit.
  const stream =
    config.logFormat === 'pretty'
      ? pretty({ sync: true, singleLine: true, translateTime: 'SYS:HH:MM:ss.l' })
      : undefined;
  return LoggerModule.forRoot({
    pinoHttp: {
      level: config.logLevel,
      ...(stream ? { stream } : {}),
      autoLogging: { ignore: isQuiet },
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
