// Child process of the publish benchmark: serves the host app (`@org/api`, exactly as `main.ts`
// builds it: request gate, API key, validation, Swagger, PostgreSQL) or a bare Nest app with the same
// route, on 127.0.0.1, and reports its port over IPC, like the ingest suite's child. Both run on the
// platform the config names (`express`, the default, or `fastify`), given to the host app as its
// `HTTP_ADAPTER`.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Controller, HttpCode, Module, Post, type INestApplication } from '@nestjs/common';
import { loadAppConfig } from '@org/api/config';
import { createApp } from '@org/api/create-app';
import { createBenchApp } from './bench-nest-app.js';
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

/**
 * The app's own logs with `BENCH_LOGS`: `json` (production's format) or `pretty` (`npm start`'s
 * development default), at `LOG_LEVEL` (default `info`). Without it, Nest's logger at `warn`, as the
 * bare app has.
 */
const appLogs = process.env.BENCH_LOGS?.trim().toLowerCase();

async function start(config: PublishServerConfig): Promise<INestApplication> {
  const platform = config.platform ?? 'express';
  if (config.mode === 'bare') {
    const app = await createBenchApp(BareModule, platform);
    app.setGlobalPrefix('api');
    return app;
  }
  const appConfig = loadAppConfig({
    NODE_ENV: 'production',
    WEBHOOKS_API_KEYS: config.apiKey,
    WEBHOOKS_SECRET_KEY: randomBytes(32).toString('base64'),
    WEBHOOKS_ALLOW_PRIVATE_URLS: 'true',
    WEBHOOKS_WORKER: String(config.worker ?? false),
    MIGRATE_ON_START: 'true',
    HTTP_ADAPTER: platform,
    ...(appLogs ? { LOG_FORMAT: appLogs, LOG_LEVEL: process.env.LOG_LEVEL } : {}),
  });
  const app = { ...appConfig, databaseUrl: config.databaseUrl! };
  return appLogs ? createApp(app) : createApp(app, ['error', 'warn']);
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
