// A delivery instance in its own process, for the crash test: PostgreSQL storage, a worker with a
// short lease, no HTTP server (so no management controllers either). Prints "ready" once its worker runs. On SIGTERM it closes the app and
// the ORM and then simply returns: the process ends only if nothing was left open (timers, sockets).
import 'reflect-metadata';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import { NestFactory } from '@nestjs/core';
import { WebhooksModule } from '@org/webhooks';
import { MikroOrmWebhooksStorage, webhooksEntities, WebhooksMigrations } from '@org/webhooks/mikro-orm';

const orm = await MikroORM.init({
  clientUrl: process.env.DATABASE_URL,
  entities: [...webhooksEntities],
  extensions: [Migrator],
  migrations: { migrationsList: WebhooksMigrations, snapshot: false },
  pool: { min: 0, max: 4 },
});
const app = await NestFactory.createApplicationContext(
  WebhooksModule.forRoot({
    controllers: false,
    storage: new MikroOrmWebhooksStorage(orm),
    secretKey: process.env.WEBHOOKS_SECRET_KEY,
    allowPrivateUrls: true,
    signatureHeader: 'X-Rex-Signature',
    requestTimeoutMs: Number(process.env.REQUEST_TIMEOUT_MS),
    worker: { leaseMs: Number(process.env.LEASE_MS), pollIntervalMs: 100 },
  }),
  { logger: ['error'] },
);
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void (async () => {
    await app.close();
    await orm.close(true);
  })();
});
