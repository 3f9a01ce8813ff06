import { Module } from '@nestjs/common';
import { IngestModule } from '@org/ingest';
import { WebhooksModule } from '@org/webhooks';
import { authorizeApiKey } from './api-key.authorizer.js';
import { ingestOptions, PaymentsHandler } from './payments.ingest.js';

/** The app on in-memory storage: first steps and tests (refused when NODE_ENV=production). */
@Module({
  imports: [
    WebhooksModule.forRoot({
      authorize: authorizeApiKey, // who may call /webhooks… and /events… (required while they are mounted)
      eventTypes: [{ name: 'payment.succeeded', description: 'A Stripe payment succeeded.' }],
      // true lets subscriptions use plain http and loopback/private addresses: local work and tests only
      allowPrivateUrls: process.env.WEBHOOKS_ALLOW_PRIVATE_URLS === 'true',
    }),
    IngestModule.forRoot({ ...ingestOptions(), authorize: authorizeApiKey }),
  ],
  providers: [PaymentsHandler],
})
export class AppModule {}
