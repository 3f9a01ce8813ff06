import { NestFactory } from '@nestjs/core';
import type { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { createValidationPipe, ErrorEnvelopeFilter, UndecryptableStoredSecretsError } from '@org/common';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { ConfigError, type AppConfig } from './config/app-config.js';
import { applyMigrations } from './migrate.js';
import { setupSwagger } from './docs/swagger.js';
import { ApiKeyAuthenticator } from './auth/api-key.authenticator.js';
import { HEADERS_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from './http/http-limits.js';
import { PortalSessionAuthenticator } from '@org/console';
import { BodyBytesLimiter } from './http/body-bytes.limiter.js';
import { httpPlatform } from './http/http-platform.js';
import { requestGate } from './http/request-gate.middleware.js';
import { noSniff } from './http/security-headers.middleware.js';
import { RouteAccessMap } from './http/route-access.map.js';

export { MAX_BODY_SIZE } from './http/http-limits.js';

/** The global route prefix. */
const API_PREFIX = 'api';

/** Controller paths served beside the prefix. */
const PREFIX_EXCLUDED = ['metrics'] as const;

/**
 * Builds the app (not yet listening) on the platform of `config.httpAdapter` (Express or Fastify,
 * the same guarantees on both): global `/api` prefix, the pre-body gate (declared size, API key,
 * media type) before the body parsers, raw bodies kept for signature checks, the error envelope,
 * strict validation, Swagger, request and header timeouts, no `X-Powered-By`,
 * `X-Content-Type-Options: nosniff` on every answer, pending migrations applied when configured,
 * and the modules initialised (which checks that the stored secrets open with the key ring).
 * `main.ts` and the end-to-end tests both start the app through here.
 * @throws ConfigError naming `WEBHOOKS_SECRET_KEYS` when stored secrets open with no key of the ring.
 */
export async function createApp(
  config: AppConfig & { databaseUrl: string },
  logger?: LoggerService | LogLevel[] | false,
): Promise<INestApplication> {
  const platform = httpPlatform(config.httpAdapter);
  // Without a logger of the caller's, logs go through pino (structured); buffered until it is set.
  const structuredLogs = logger === undefined;
  const app = await NestFactory.create<INestApplication>(
    AppModule.register(config, { structuredLogs }),
    platform.createAdapter(),
    {
      rawBody: true,
      // Start-up errors reach the caller (main.ts prints them; tests see them) instead of process.exit(1).
      abortOnError: false,
      ...(structuredLogs ? { bufferLogs: true } : { logger }),
    },
  );
  if (structuredLogs) app.useLogger(app.get(PinoLogger));
  platform.configure(app, API_PREFIX);
  // `/metrics` where Prometheus looks by default, beside the `/api` prefix.
  app.setGlobalPrefix(API_PREFIX, { exclude: [...PREFIX_EXCLUDED] });
  app.use(noSniff());
  // CORS first, so the gate's early answers (401, 413, 415) carry its headers too.
  app.enableCors();
  app.use(
    requestGate({
      routes: app.get(RouteAccessMap),
      matching: {
        prefix: API_PREFIX,
        excludedFromPrefix: PREFIX_EXCLUDED,
        ...platform.routeMatching(app),
      },
      authenticator: app.get(ApiKeyAuthenticator),
      portal: app.get(PortalSessionAuthenticator),
      bodies: app.get(BodyBytesLimiter),
    }),
  );
  platform.useBodyParsers(app);
  const server = app.getHttpServer();
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  app.useGlobalFilters(new ErrorEnvelopeFilter());
  app.useGlobalPipes(createValidationPipe());
  setupSwagger(app);
  if (config.migrateOnStart) await applyMigrations(app.get(MikroORM));
  await initialise(app);
  return app;
}

/** The name of the HTTP platform `app` runs on (`Express`, `Fastify`), as the start-up log prints it. */
export function platformLabel(app: INestApplication): string {
  const type = app.getHttpAdapter().getType();
  return type === 'fastify' ? 'Fastify' : type === 'express' ? 'Express' : type;
}

/**
 * Runs the modules' start-up hooks now, after the migrations (rather than at `listen`), so a refusal
 * reads in the app's own setting names and leaves nothing open behind it.
 */
async function initialise(app: INestApplication): Promise<void> {
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
