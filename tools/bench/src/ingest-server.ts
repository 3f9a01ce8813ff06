// Child process of the ingest benchmark: serves one of the two apps on 127.0.0.1 and reports its port
// over IPC. The load generator (the parent) must not share the server's event loop, and both apps run
// in the same arrangement (own process, same Nest set-up on the platform the config names: Express or
// Fastify) so their rates compare fairly.
import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { Controller, HttpCode, Module, Post, type Type } from '@nestjs/common';
import { IngestModule } from '@org/ingest';
import { IngestEntities, MikroOrmInboundSourceStore, MikroOrmIngestStore } from '@org/ingest/mikro-orm';
import { createBenchApp } from './bench-nest-app.js';
import { INGEST_SERVER_CONFIG_ENV, type IngestServerConfig } from './ingest-server.protocol.js';
import { serveParent } from './server-child.ipc.js';

/** The baseline: the same route shape, answering 200 without reading the body. */
@Controller('webhooks')
class BareWebhookController {
  @Post(':source')
  @HttpCode(200)
  receive(): { received: true } {
    return { received: true };
  }
}

@Module({ controllers: [BareWebhookController] })
class BareModule {}

/** The gateway as a host wires it: verified on the raw body, stored in PostgreSQL before the 200. */
function ingestModule(config: IngestServerConfig, orm: MikroORM): Type {
  @Module({
    imports: [
      IngestModule.forRoot({
        // The receiving route only: it authenticates by signature; no management routes, no authorize.
        controllers: false,
        storage: new MikroOrmIngestStore(orm.em),
        sources: { stripe: { secrets: [config.stripeSecret!] } },
        // Sources created over the API, looked up by id (the 1,000-sources figure).
        sourceStorage: new MikroOrmInboundSourceStore(orm.em),
        secretKey: config.sourceSecretKey!,
        // The figure is the receive path; handlers would run after the 200 anyway.
        worker: { enabled: false },
      }),
    ],
  })
  class IngestBenchModule {}
  return IngestBenchModule;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env[INGEST_SERVER_CONFIG_ENV] ?? '{}') as IngestServerConfig;
  const orm =
    config.mode === 'ingest'
      ? await MikroORM.init({
          clientUrl: config.databaseUrl,
          entities: [...IngestEntities],
          pool: { min: 2, max: config.poolMax ?? 16 },
          debug: false,
        })
      : undefined;
  const root = orm ? ingestModule(config, orm) : BareModule;
  const app = await createBenchApp(root, config.platform ?? 'express', { rawBody: true });
  await app.listen(0, '127.0.0.1');

  serveParent(app.getHttpServer(), async () => {
    await app.close();
    await orm?.close(true);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
