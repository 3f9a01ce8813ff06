import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createValidationPipe, ErrorEnvelopeFilter } from '@org/common';
import { AppModule } from './app.module.js';
import { PostgresAppModule } from './postgres-app.module.js';

async function bootstrap(): Promise<void> {
  const onPostgres = Boolean(process.env.DATABASE_URL);
  const adapter = new FastifyAdapter({
    bodyLimit: 1024 * 1024, // at least @org/ingest's maxBodyBytes
    // Fastify refuses `__proto__` and `constructor` keys in JSON by default; the libraries store
    // payloads as sent, as on Express.
    onProtoPoisoning: 'ignore',
    onConstructorPoisoning: 'ignore',
  });
  // rawBody: @org/ingest verifies signatures on the exact bytes (start-up fails without it)
  const app = await NestFactory.create<NestFastifyApplication>(
    onPostgres ? PostgresAppModule : AppModule,
    adapter,
    { rawBody: true },
  );
  app.setGlobalPrefix('api');
  app.useGlobalFilters(new ErrorEnvelopeFilter()); // { error: { code, message, details } }
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks(); // SIGTERM drains in-flight deliveries and handlers
  // Fastify listens on 127.0.0.1 unless told otherwise; '0.0.0.0' in a container.
  await app.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1');
  console.log(
    `Listening on ${await app.getUrl()}/api (Fastify, ${onPostgres ? 'PostgreSQL' : 'in-memory'} storage)`,
  );
}

void bootstrap();
