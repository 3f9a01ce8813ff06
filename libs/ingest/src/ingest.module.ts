import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { IngestExplorer } from './handlers/ingest.explorer.js';
import { WebhookHandlerRegistry } from './handlers/webhook-handler.registry.js';
import { ConfigurableIngestModule } from './ingest.module-definition.js';
import {
  authorizationProvider,
  clockProvider,
  resolvedOptionsProvider,
  sourceStoreProvider,
  storeProvider,
  verifierRegistryProvider,
} from './ingest.providers.js';
import { IngestStore } from './storage/ingest-store.interface.js';
import { IngestMetrics } from './observability/ingest.metrics.js';
import { IngestObserver } from './observability/ingest.observer.js';
import { InboundSourceStore } from './storage/inbound-source-store.interface.js';
import { InboundSourceResolver } from './sources/inbound-source.resolver.js';
import { InboundSourcesService } from './sources/inbound-sources.service.js';
import { sourceSecretCipherProvider } from './sources/source-secret.cipher.js';
import { SourceSecretsCheck } from './sources/source-secrets.check.js';
import { InboundEventsService } from './management/inbound-events.service.js';
import { RESOLVED_INGEST_OPTIONS } from './options/resolved-ingest-options.js';
import { InboundEventWorker } from './processing/inbound-event.worker.js';
import { RetentionScheduler } from './processing/retention.scheduler.js';
import { IngestService } from './receiving/ingest.service.js';
import { RawBodyCheck } from './receiving/raw-body.check.js';
import { WebhookSignatureGuard } from './receiving/webhook-signature.guard.js';

/**
 * Inbound webhooks: `POST /webhooks/:source` verified on the raw body, stored once per sender event
 * id, and handled afterwards by `@OnWebhook` methods; `GET /inbound-events` to inspect and retry;
 * `/inbound-sources` to create sources (each with its own URL and secret) per workspace. The
 * management routes are mounted with the `authorize` option that says who may call them, or not
 * at all with `controllers: false` (`ingestControllers` chooses them from the extras).
 * Create the app with `{ rawBody: true }`. See the package README for options and set-up.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    resolvedOptionsProvider,
    authorizationProvider,
    storeProvider,
    sourceStoreProvider,
    sourceSecretCipherProvider,
    SourceSecretsCheck,
    clockProvider,
    verifierRegistryProvider,
    WebhookHandlerRegistry,
    IngestExplorer,
    InboundEventWorker,
    RetentionScheduler,
    IngestService,
    InboundEventsService,
    InboundSourceResolver,
    InboundSourcesService,
    WebhookSignatureGuard,
    RawBodyCheck,
    IngestMetrics,
    IngestObserver,
  ],
  // What the host may inject: the services behind the management routes, the options and the stores.
  exports: [
    IngestStore,
    InboundSourceStore,
    RESOLVED_INGEST_OPTIONS,
    InboundEventsService,
    InboundSourcesService,
  ],
})
export class IngestModule extends ConfigurableIngestModule {}
