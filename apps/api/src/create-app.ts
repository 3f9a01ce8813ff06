import type { IncomingMessage } from 'node:http';
import express from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { NestFactory } from '@nestjs/core';
import type { LoggerService, LogLevel } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { createValidationPipe, ErrorEnvelopeFilter, UndecryptableStoredSecretsError } from '@org/common';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { ConfigError, type AppConfig } from './config/app-config.js';
import { applyMigrations } from './migrate.js';
import { setupSwagger } from './docs/swagger.js';
import { ApiKeyAuthenticator } from './auth/api-key.authenticator.js';
import {
  HEADERS_TIMEOUT_MS,
  MAX_BODY_SIZE,
  REQUEST_TIMEOUT_MS,
  ROUTE_BODY_LIMITS,
} from './http/http-limits.js';
import { PortalSessionAuthenticator } from '@org/console';
import { BodyBytesLimiter } from './http/body-bytes.limiter.js';
import { requestGate, routeBodyParsers } from './http/request-gate.middleware.js';
import { noSniff } from './http/security-headers.middleware.js';
import { RouteAccessMap } from './http/route-access.map.js';

export { MAX_BODY_SIZE } from './http/http-limits.js';

/** What Nest's `rawBody: true` does in its JSON parser: the exact bytes stay on `req.rawBody`. */
function keepRawBody(request: IncomingMessage, _response: unknown, body: Buffer): void {
  (request as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
}

/** The global route prefix. */
const API_PREFIX = 'api';

/** Controller paths served beside the prefix. */
const PREFIX_EXCLUDED = ['metrics'] as const;

/**
 * Builds the app (not yet listening): global `/api` prefix, the pre-body gate (declared size, API
 * key, media type) before the body parsers, raw bodies kept for signature checks, the error
 * envelope, strict validation, Swagger, request and header timeouts, no `X-Powered-By`,
 * `X-Content-Type-Options: nosniff` on every answer, pending migrations applied when configured,
 * and the modules initialised (which checks that the stored secrets open with the key ring).
 * `main.ts` and the end-to-end tests both start the app through here.
 * @throws ConfigError naming `WEBHOOKS_SECRET_KEYS` when stored secrets open with no key of the ring.
 */
export async function createApp(
  config: AppConfig & { databaseUrl: string },
  logger?: LoggerService | LogLevel[] | false,
): Promise<NestExpressApplication> {
  // Without a logger of the caller's, logs go through pino (structured); buffered until it is set.
  const structuredLogs = logger === undefined;
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.register(config, { structuredLogs }),
    {
      rawBody: true,
      // Start-up errors reach the caller (main.ts prints them; tests see them) instead of process.exit(1).
      abortOnError: false,
      ...(structuredLogs ? { bufferLogs: true } : { logger }),
    },
  );
  if (structuredLogs) app.useLogger(app.get(PinoLogger));
  // `/metrics` where Prometheus looks by default, beside the `/api` prefix.
  app.setGlobalPrefix(API_PREFIX, { exclude: [...PREFIX_EXCLUDED] });
  app.disable('x-powered-by');
  app.use(noSniff());
  // CORS first, so the gate's early answers (401, 413, 415) carry its headers too.
  app.enableCors();
  const router = app.getHttpAdapter().getInstance();
  app.use(
    requestGate({
      routes: app.get(RouteAccessMap),
      matching: {
        prefix: API_PREFIX,
        excludedFromPrefix: PREFIX_EXCLUDED,
        caseSensitive: router.enabled('case sensitive routing'),
        strict: router.enabled('strict routing'),
      },
      authenticator: app.get(ApiKeyAuthenticator),
      portal: app.get(PortalSessionAuthenticator),
      bodies: app.get(BodyBytesLimiter),
    }),
  );
  // Routes with a larger limit parse first, chosen by the route the gate matched (keeping the raw
  // body, as `rawBody: true` does for the general parser); the general parser then skips their
  // already-read bodies.
  const parsers = new Map(
    [...ROUTE_BODY_LIMITS].map(([route, limit]) => [route, express.json({ limit, verify: keepRawBody })]),
  );
  app.use(routeBodyParsers(parsers));
  app.useBodyParser('json', { limit: MAX_BODY_SIZE });
  const server = app.getHttpServer();
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  app.useGlobalFilters(new ErrorEnvelopeFilter());
  app.useGlobalPipes(createValidationPipe());
  setupSwagger(app);
  if (config.migrateOnStart) await applyMigrations(app.get(MikroORM));
  await initialise(app);
  return app;
}

/**
 * Runs the modules' start-up hooks now, after the migrations (rather than at `listen`), so a refusal
 * reads in the app's own setting names and leaves nothing open behind it.
 */
async function initialise(app: NestExpressApplication): Promise<void> {
  try {
    await app.init();
  } catch (error) {
    await app.close().catch(() => undefined);
    if (!(error instanceof UndecryptableStoredSecretsError)) throw error;
    const refusal = new UndecryptableStoredSecretsError(
      error.count,
      'WEBHOOKS_SECRET_KEYS',
      'npm run rotate-secret-key',
    );
    throw new ConfigError('WEBHOOKS_SECRET_KEYS', refusal.message);
  }
}
