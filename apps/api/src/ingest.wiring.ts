import type { DynamicModule } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { IngestModule, type IngestSourcesOptions } from '@org/ingest';
import { MikroOrmInboundSourceStore, MikroOrmIngestStore } from '@org/ingest/mikro-orm';
import type { Registry } from 'prom-client';
import { AppAuthorizer } from './auth/app.authorizer.js';
import type { AppConfig } from './config/app-config.js';

/** The ingest sources the environment turns on; a source without a secret stays off (404). */
export function ingestSources(config: AppConfig): IngestSourcesOptions {
  return {
    ...(config.stripeSecrets.length ? { stripe: { secrets: config.stripeSecrets } } : {}),
    ...(config.githubSecrets.length ? { github: { secrets: config.githubSecrets } } : {}),
    ...(config.hubspotSecrets.length
      ? {
          hubspot: {
            clientSecrets: config.hubspotSecrets,
            ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
          },
        }
      : {}),
  };
}

/**
 * `IngestModule` storing inbound events and API-created sources in the app's PostgreSQL; source
 * secrets are encrypted with the same key ring as subscription secrets. Its metrics go to the app's
 * shared registry; its management routes answer API keys ({@link AppAuthorizer}).
 */
export function ingestModule(config: AppConfig, metricsRegistry?: Registry): DynamicModule {
  return IngestModule.forRootAsync({
    inject: [MikroORM],
    useFactory: (orm: MikroORM) => ({
      authorize: AppAuthorizer,
      sources: ingestSources(config),
      storage: new MikroOrmIngestStore(orm.em),
      sourceStorage: new MikroOrmInboundSourceStore(orm.em),
      ...(config.secretKeys.length ? { secretKeys: config.secretKeys } : {}),
      ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
      worker: { enabled: config.worker },
      metricsRegistry,
      ...(config.ingestRetentionDays !== null ? { retentionDays: config.ingestRetentionDays } : {}),
    }),
  });
}
