import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createValidationPipe, ErrorEnvelopeFilter } from '@org/common';
import { AppModule } from './app.module.js';
import { PostgresAppModule } from './postgres-app.module.js';

async function bootstrap(): Promise<void> {
  const onPostgres = Boolean(process.env.DATABASE_URL);
  // rawBody: @org/ingest verifies signatures on the exact bytes (start-up fails without it)
  const app = await NestFactory.create<NestExpressApplication>(onPostgres ? PostgresAppModule : AppModule, {
    rawBody: true,
  });
  app.useBodyParser('json', { limit: '1mb' }); // at least @org/ingest's maxBodyBytes
  app.setGlobalPrefix('api');
  app.useGlobalFilters(new ErrorEnvelopeFilter()); // { error: { code, message, details } }
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks(); // SIGTERM drains in-flight deliveries and handlers
  await app.listen(Number(process.env.PORT ?? 3000));
  console.log(`Listening on ${await app.getUrl()}/api (${onPostgres ? 'PostgreSQL' : 'in-memory'} storage)`);
}

void bootstrap();
