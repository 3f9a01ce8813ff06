import type { NestExpressApplication } from '@nestjs/platform-express';
import { NestFactory } from '@nestjs/core';
import type { LoggerService, LogLevel } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { createValidationPipe, ErrorEnvelopeFilter } from '@org/common';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { applyMigrations } from './migrate.js';
import { setupSwagger } from './docs/swagger.js';

/** Largest JSON body the API accepts (events are limited further by the webhooks module). */
export const MAX_BODY_SIZE = '1mb';

/**
 * Builds the app (not yet listening): global `/api` prefix, raw bodies kept for signature checks,
 * the error envelope, strict validation, Swagger, and pending migrations applied when configured.
 * `main.ts` and the end-to-end tests both start the app through here.
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
  app.setGlobalPrefix('api', { exclude: ['metrics'] });
  app.useBodyParser('json', { limit: MAX_BODY_SIZE });
  app.useGlobalFilters(new ErrorEnvelopeFilter());
  app.useGlobalPipes(createValidationPipe());
  app.enableCors();
  setupSwagger(app);
  if (config.migrateOnStart) await applyMigrations(app.get(MikroORM));
  return app;
}
