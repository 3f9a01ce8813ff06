// Child process of the publish benchmark: serves the host app (`@org/api`, exactly as `main.ts`
// builds it: request gate, API key, validation, Swagger, PostgreSQL) or a bare Nest app with the same
// route, on 127.0.0.1, and reports its port over IPC, like the ingest suite's child.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadAppConfig } from '@org/api/config';
import { createApp } from '@org/api/create-app';
import { INGEST_SERVER_CONFIG_ENV } from './ingest-server.protocol.js';
import { serveParent } from './server-child.ipc.js';
import type { PublishServerConfig } from './publish-server.protocol.js';

/** The baseline: the same route, answering 201 without looking at the body. */
@Controller('events')
class BareEventsController {
  @Post()
  @HttpCode(201)
  publish(): { data: { id: string } } {
    return { data: { id: 'evt_bare' } };
  }
}

@Module({ controllers: [BareEventsController] })
class BareModule {}

async function start(config: PublishServerConfig): Promise<NestExpressApplication> {
  if (config.mode === 'bare') {
    const app = await NestFactory.create<NestExpressApplication>(BareModule, { logger: ['error', 'warn'] });
    app.setGlobalPrefix('api');
    app.useBodyParser('json', { limit: '1mb' });
    return app;
  }
  const appConfig = loadAppConfig({
    NODE_ENV: 'production',
    WEBHOOKS_API_KEYS: config.apiKey,
    WEBHOOKS_SECRET_KEY: randomBytes(32).toString('base64'),
    WEBHOOKS_ALLOW_PRIVATE_URLS: 'true',
    WEBHOOKS_WORKER: String(config.worker ?? false),
    MIGRATE_ON_START: 'true',
  });
  // Logs at warn and above, as the bare app: request logs would be the figure's largest cost.
  return createApp({ ...appConfig, databaseUrl: config.databaseUrl! }, ['error', 'warn']);
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env[INGEST_SERVER_CONFIG_ENV] ?? '{}') as PublishServerConfig;
  const app = await start(config);
  await app.listen(0, '127.0.0.1');
  serveParent(app.getHttpServer(), () => app.close());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
