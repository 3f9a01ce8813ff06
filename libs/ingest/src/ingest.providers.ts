import type { Provider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Clock, ManagementAuthorization, type ManagementMount } from '@org/common';
import { INGEST_AUTHORIZATION } from './auth/ingest-management.guard.js';
import { INGEST_MODULE_NAME } from './ingest.constants.js';
import { INGEST_MODULE_OPTIONS, INGEST_MOUNT } from './ingest.module-definition.js';
import { IngestStore } from './storage/ingest-store.interface.js';
import { InboundSourceStore } from './storage/inbound-source-store.interface.js';
import type { IngestModuleOptions } from './options/ingest-module-options.interface.js';
import { resolveIngestOptions } from './options/resolve-ingest-options.js';
import { RESOLVED_INGEST_OPTIONS, type ResolvedIngestOptions } from './options/resolved-ingest-options.js';
import { createWebhookVerifiers } from './verification/create-webhook-verifiers.js';
import { WebhookVerifierRegistry } from './verification/webhook-verifier.registry.js';

/**
 * Validates the options once and merges the defaults: every other part reads the result. Stores that
 * cannot work (`prepare`: e.g. a PostgreSQL older than 15) stop start-up here, before anything is served.
 */
export const resolvedOptionsProvider: Provider = {
  provide: RESOLVED_INGEST_OPTIONS,
  useFactory: async (options: IngestModuleOptions, mount: ManagementMount) => {
    const resolved = resolveIngestOptions(options, process.env.NODE_ENV, mount);
    await resolved.storage.prepare?.();
    await resolved.sourceStorage.prepare?.();
    return resolved;
  },
  inject: [INGEST_MODULE_OPTIONS, INGEST_MOUNT],
};

/** The enforcement of the `authorize` option, which `IngestManagementGuard` runs on every management route. */
export const authorizationProvider: Provider = {
  provide: INGEST_AUTHORIZATION,
  useFactory: (options: ResolvedIngestOptions, moduleRef: ModuleRef) =>
    new ManagementAuthorization({ moduleName: INGEST_MODULE_NAME, authorize: options.authorize, moduleRef }),
  inject: [RESOLVED_INGEST_OPTIONS, ModuleRef],
};

/** The configured store (the in-memory one by default). */
export const storeProvider: Provider = {
  provide: IngestStore,
  useFactory: (options: ResolvedIngestOptions) => options.storage,
  inject: [RESOLVED_INGEST_OPTIONS],
};

/** The store of sources created over the API (the in-memory one by default). */
export const sourceStoreProvider: Provider = {
  provide: InboundSourceStore,
  useFactory: (options: ResolvedIngestOptions) => options.sourceStorage,
  inject: [RESOLVED_INGEST_OPTIONS],
};

/** The module's clock, under the `Clock` token so time-based parts can inject it. */
export const clockProvider: Provider = {
  provide: Clock,
  useFactory: (options: ResolvedIngestOptions) => options.clock,
  inject: [RESOLVED_INGEST_OPTIONS],
};

/** One verifier per configured source. */
export const verifierRegistryProvider: Provider = {
  provide: WebhookVerifierRegistry,
  useFactory: (options: ResolvedIngestOptions, moduleRef: ModuleRef) =>
    createWebhookVerifiers(options, moduleRef),
  inject: [RESOLVED_INGEST_OPTIONS, ModuleRef],
};
