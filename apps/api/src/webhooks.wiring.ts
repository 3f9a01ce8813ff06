import type { DynamicModule } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { WebhooksModule } from '@org/webhooks';
import { MikroOrmWebhooksStorage } from '@org/webhooks/mikro-orm';
import type { Registry } from 'prom-client';
import { AppAuthorizer } from './auth/app.authorizer.js';
import { ALLOW_PRIVATE_URLS_SETTING, type AppConfig } from './config/app-config.js';
import { EVENT_TYPES } from './event-types.js';

/** The signature header name, chosen so seed 001's listener code verifies deliveries unchanged. */
export const SIGNATURE_HEADER = 'X-Rex-Signature';

/**
 * `WebhooksModule` on the app's PostgreSQL, configured from the environment; its routes answer API
 * keys and portal sessions ({@link AppAuthorizer}).
 */
export function webhooksModule(config: AppConfig, metricsRegistry?: Registry): DynamicModule {
  return WebhooksModule.forRootAsync({
    isGlobal: true,
    // The seeds' systems: their documented requests work as written (one e2e suite per seed).
    compatibility: ['apex', 'rapidly', 'repull', 'rex'],
    inject: [MikroORM],
    useFactory: (orm: MikroORM) => ({
      authorize: AppAuthorizer,
      storage: new MikroOrmWebhooksStorage(orm),
      ...(config.secretKeys.length ? { secretKeys: config.secretKeys } : {}),
      eventTypes: EVENT_TYPES,
      allowPrivateUrls: config.allowPrivateUrls,
      // A refused URL names the environment variable a user of this app can set, not the option.
      privateUrlsSettingName: ALLOW_PRIVATE_URLS_SETTING,
      ...(config.egressProxy !== null ? { egressProxy: config.egressProxy } : {}),
      retrySchedule: config.retrySchedule,
      ...(config.webhooksRetentionDays !== null ? { retentionDays: config.webhooksRetentionDays } : {}),
      signatureHeader: SIGNATURE_HEADER,
      worker: config.worker,
      metricsRegistry,
      traceparentHeader: config.observability.traceparentHeader,
    }),
  });
}
