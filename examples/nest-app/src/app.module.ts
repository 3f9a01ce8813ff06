import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { IngestModule } from '@org/ingest';
import { WebhooksModule } from '@org/webhooks';
import { ApiKeyGuard } from './api-key.guard.js';
import { ingestOptions, PaymentsHandler } from './payments.ingest.js';

/** The app on in-memory storage: first steps and tests (refused when NODE_ENV=production). */
@Module({
  imports: [
    WebhooksModule.forRoot({
      eventTypes: [{ name: 'payment.succeeded', description: 'A Stripe payment succeeded.' }],
      // true lets subscriptions use plain http and loopback/private addresses: local work and tests only
      allowPrivateUrls: process.env.WEBHOOKS_ALLOW_PRIVATE_URLS === 'true',
    }),
    IngestModule.forRoot(ingestOptions()),
  ],
  providers: [PaymentsHandler, { provide: APP_GUARD, useClass: ApiKeyGuard }],
})
export class AppModule {}
