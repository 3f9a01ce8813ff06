import { Migrator } from '@mikro-orm/migrations';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { defineConfig, MikroORM } from '@mikro-orm/postgresql';
import { Module, type OnModuleInit } from '@nestjs/common';
import { IngestModule } from '@org/ingest';
import { IngestEntities, IngestMigrations, MikroOrmIngestStore } from '@org/ingest/mikro-orm';
import { WebhooksModule } from '@org/webhooks';
import { MikroOrmWebhooksStorage, webhooksEntities, WebhooksMigrations } from '@org/webhooks/mikro-orm';
import { authorizeApiKey } from './api-key.authorizer.js';
import { Migration20261207000000_orders } from './orders/Migration20261207000000_orders.js';
import { OrderPaid } from './orders/order-paid.event.js';
import { OrderSchema } from './orders/order.entity.js';
import { OrderWebhooksController } from './orders/order-webhooks.controller.js';
import { OrdersController } from './orders/orders.controller.js';
import { OrdersService } from './orders/orders.service.js';
import { ingestOptions, PaymentsHandler } from './payments.ingest.js';

/** The app on PostgreSQL through MikroORM: its orders, and the libraries' tables beside them. */
@Module({
  imports: [
    MikroOrmModule.forRoot(
      // defineConfig from @mikro-orm/postgresql sets the driver, which registers the MikroORM injected below
      defineConfig({
        clientUrl: process.env.DATABASE_URL,
        entities: [...webhooksEntities, ...IngestEntities, OrderSchema],
        extensions: [Migrator],
        migrations: {
          // one history table for all: the libraries' migrations, then the app's own
          migrationsList: [
            ...WebhooksMigrations,
            ...IngestMigrations,
            { name: 'Migration20261207000000_orders', class: Migration20261207000000_orders },
          ],
          snapshot: false, // no .snapshot-<db>.json written into the working directory
        },
      }),
    ),
    WebhooksModule.forRootAsync({
      inject: [MikroORM],
      useFactory: (orm: MikroORM) => ({
        authorize: authorizeApiKey,
        storage: new MikroOrmWebhooksStorage(orm),
        secretKey: process.env.WEBHOOKS_SECRET_KEY, // 32 bytes, base64 or hex: encrypts signing secrets
        eventTypes: [
          OrderPaid, // a @WebhookEvent class: its schema comes from its decorators
          { name: 'payment.succeeded', description: 'A Stripe payment succeeded.' },
        ],
        allowPrivateUrls: process.env.WEBHOOKS_ALLOW_PRIVATE_URLS === 'true',
      }),
    }),
    IngestModule.forRootAsync({
      inject: [MikroORM],
      useFactory: (orm: MikroORM) => ({
        ...ingestOptions(new MikroOrmIngestStore(orm.em)),
        authorize: authorizeApiKey,
      }),
    }),
  ],
  controllers: [OrdersController, OrderWebhooksController],
  providers: [OrdersService, PaymentsHandler],
})
export class PostgresAppModule implements OnModuleInit {
  constructor(private readonly orm: MikroORM) {}

  /** Pending migrations, before the libraries start their workers (onApplicationBootstrap). */
  async onModuleInit(): Promise<void> {
    await this.orm.migrator.up(); // or in a deploy step
  }
}
