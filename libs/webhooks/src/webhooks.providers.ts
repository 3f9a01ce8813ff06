import type { InjectionToken, Provider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Clock, ManagementAuthorization, type ManagementMount } from '@org/common';
import { WEBHOOKS_AUTHORIZATION } from './auth/webhooks-management.guard.js';
import { EventBodyPolicy } from './validation/event-body.policy.js';
import { WebhooksMetrics } from './observability/webhooks.metrics.js';
import { EventLogService } from './events/event-log.service.js';
import { EventRecordFactory } from './events/event-record.factory.js';
import { EventTypeCatalogue } from './events/event-type.catalogue.js';
import { WebhooksService } from './events/webhooks.service.js';
import { resolveWebhooksOptions } from './options/resolve-webhooks-options.js';
import {
  RESOLVED_WEBHOOKS_OPTIONS,
  type ResolvedWebhooksOptions,
} from './options/resolved-webhooks-options.js';
import type { WebhooksModuleOptions } from './options/webhooks-options.interface.js';
import { SecretCipher } from './secrets/secret-cipher.js';
import { StoredSecretsCheck } from './secrets/stored-secrets.check.js';
import { SubscriptionSecrets } from './secrets/subscription-secrets.js';
import { DeliveryActions } from './storage/delivery-actions.interface.js';
import { DeliveryLog } from './storage/delivery-log.interface.js';
import { DeliveryMaintenance } from './storage/delivery-maintenance.interface.js';
import { DeliveryQueue } from './storage/delivery-queue.interface.js';
import { EventStore } from './storage/event-store.interface.js';
import { OAuth2TokenStore } from './storage/oauth2-token-store.interface.js';
import { SubscriptionStore } from './storage/subscription-store.interface.js';
import { SubscriptionBodyPolicy } from './validation/subscription-body.policy.js';
import { SubscriptionPolicy } from './subscriptions/subscription-policy.js';
import { EndpointCredentials } from './subscriptions/endpoint-credentials.js';
import { ClientCertificateExpiryCheck } from './subscriptions/client-certificate-expiry.check.js';
import { SubscriptionsService } from './subscriptions/subscriptions.service.js';
import { WEBHOOKS_MODULE_NAME } from './webhooks.constants.js';
import { WEBHOOKS_MODULE_OPTIONS, WEBHOOKS_MOUNT } from './webhooks.module-definition.js';

const fromOptions = <T>(
  provide: InjectionToken,
  pick: (options: ResolvedWebhooksOptions) => T,
): Provider => ({
  provide,
  useFactory: pick,
  inject: [RESOLVED_WEBHOOKS_OPTIONS],
});

/**
 * The one place options are defaulted and validated; a bad option stops start-up here, and so does
 * a storage that cannot work (`prepare`: e.g. a PostgreSQL older than 15), before anything is served.
 */
export const resolvedOptionsProvider: Provider = {
  provide: RESOLVED_WEBHOOKS_OPTIONS,
  useFactory: async (options: WebhooksModuleOptions, mount: ManagementMount) => {
    const resolved = resolveWebhooksOptions(options, process.env, mount);
    await resolved.storage.prepare?.();
    return resolved;
  },
  inject: [WEBHOOKS_MODULE_OPTIONS, WEBHOOKS_MOUNT],
};

/** The enforcement of the `authorize` option, which `WebhooksManagementGuard` runs on every management route. */
export const authorizationProvider: Provider = {
  provide: WEBHOOKS_AUTHORIZATION,
  useFactory: (options: ResolvedWebhooksOptions, moduleRef: ModuleRef) =>
    new ManagementAuthorization({
      moduleName: WEBHOOKS_MODULE_NAME,
      authorize: options.authorize,
      moduleRef,
    }),
  inject: [RESOLVED_WEBHOOKS_OPTIONS, ModuleRef],
};

/** The storage ports, taken from the configured storage adapter: each consumer injects the one it uses. */
export const storageProviders: Provider[] = [
  fromOptions(SubscriptionStore, (options) => options.storage.subscriptions),
  fromOptions(EventStore, (options) => options.storage.events),
  fromOptions(DeliveryQueue, (options) => options.storage.deliveryQueue),
  fromOptions(DeliveryLog, (options) => options.storage.deliveryLog),
  fromOptions(DeliveryActions, (options) => options.storage.deliveryActions),
  fromOptions(DeliveryMaintenance, (options) => options.storage.deliveryMaintenance),
  fromOptions(OAuth2TokenStore, (options) => options.storage.oauth2Tokens),
];

/** `Clock` from the `clock` option (default `SystemClock`); tests may also `.overrideProvider(Clock)`. */
export const clockProvider: Provider = fromOptions(Clock, (options) => options.clock);

/** The at-rest cipher of subscription secrets, over the key ring (`secretKeys`, or `secretKey`). */
export const secretCipherProvider: Provider = fromOptions(
  SecretCipher,
  (options) => new SecretCipher(options.secretKeys),
);

/** Every provider of the module except the delivery engine's. */
export const webhooksProviders: Provider[] = [
  resolvedOptionsProvider,
  authorizationProvider,
  ...storageProviders,
  clockProvider,
  secretCipherProvider,
  StoredSecretsCheck,
  SubscriptionSecrets,
  EventTypeCatalogue,
  EventRecordFactory,
  SubscriptionPolicy,
  EndpointCredentials,
  ClientCertificateExpiryCheck,
  SubscriptionBodyPolicy,
  SubscriptionsService,
  EventLogService,
  WebhooksService,
  EventBodyPolicy,
  WebhooksMetrics,
];
