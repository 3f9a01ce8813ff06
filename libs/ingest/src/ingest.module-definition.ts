import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ManagementMount } from '@org/common';
import { ingestControllers } from './ingest.controllers.js';
import type { IngestModuleOptions } from './options/ingest-module-options.interface.js';

/** Token of the module's {@link ManagementMount}, which the options resolver reads. */
export const INGEST_MOUNT = Symbol('IngestMount');

/**
 * Settings of `forRoot` / `forRootAsync` that shape the module itself, given beside the options
 * (`forRootAsync({ controllers: false, useFactory })`), since they must be known before any factory runs.
 */
export interface IngestModuleExtras {
  /**
   * Makes the module's exports injectable everywhere.
   * @default false
   */
  isGlobal: boolean;
  /**
   * Mounts the management API (`/inbound-events…`, `/inbound-sources…`), which then needs the
   * `authorize` option; `false` mounts none of it. The receiving route `POST /webhooks/:source` is
   * mounted either way: it authenticates by signature.
   * @default true
   */
  controllers: boolean;
}

/** `forRoot` / `forRootAsync` (`useFactory`, `useClass`, `useExisting`) with the {@link IngestModuleExtras}. */
export const {
  ConfigurableModuleClass: ConfigurableIngestModule,
  MODULE_OPTIONS_TOKEN: INGEST_MODULE_OPTIONS,
  OPTIONS_TYPE: INGEST_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: INGEST_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<IngestModuleOptions>()
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createIngestOptions')
  .setExtras<IngestModuleExtras>({ isGlobal: false, controllers: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
    controllers: ingestControllers(extras),
    providers: [
      ...(definition.providers ?? []),
      { provide: INGEST_MOUNT, useValue: { controllers: extras.controllers } satisfies ManagementMount },
    ],
  }))
  .build();
