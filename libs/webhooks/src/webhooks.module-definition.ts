import { ConfigurableModuleBuilder, type ConfigurableModuleOptionsFactory } from '@nestjs/common';
import type { ManagementMount } from '@org/common';
import type { CompatibleSystem } from './compatibility/compatible-systems.js';
import { WebhooksCompatibility } from './compatibility/webhooks-compatibility.js';
import { resolveCompatibility } from './options/resolve-compatibility.js';
import type { WebhooksModuleOptions } from './options/webhooks-options.interface.js';
import { webhooksControllers } from './webhooks.controllers.js';

/** Token of the module's {@link ManagementMount}, which the options resolver reads. */
export const WEBHOOKS_MOUNT = Symbol('WebhooksMount');

/**
 * Options of `forRoot()` / `forRootAsync()` that shape the module itself, so they are given beside
 * the options (`forRootAsync({ controllers: false, useFactory })`, never returned by a `useFactory`):
 * they must be known when the module is built.
 */
export interface WebhooksModuleExtras {
  /** Make `WebhooksService` injectable everywhere without importing the module. @default false */
  isGlobal?: boolean;
  /**
   * Mounts the management API (`/webhooks…`, `/events…`), which then needs the `authorize` option;
   * `false` mounts none, and the exported services serve the host's own controllers.
   * @default true
   */
  controllers?: boolean;
  /**
   * Also answer the documented requests of these systems under their own names: their routes
   * (Rapidly's `/webhooks/endpoints…`, Apex's `DELETE /webhooks {id}`, `/webhooks/:id/test` of Rex and
   * Repull, Rapidly's event redelivery) and fields (`events`, `active`, `enabled`, Rapidly's delivery
   * filters, Repull's ping fields), in requests, answers and Swagger. An alias two systems share is on
   * when either is named. An unknown name stops the module from being built.
   * @default [] (our API only)
   */
  compatibility?: readonly CompatibleSystem[];
}

/**
 * `WebhooksModule.forRoot(options)` / `forRootAsync({ useFactory | useClass | useExisting })`, with
 * the {@link WebhooksModuleExtras} `isGlobal`, `controllers` and `compatibility`.
 */
export const {
  ConfigurableModuleClass: ConfigurableWebhooksModule,
  MODULE_OPTIONS_TOKEN: WEBHOOKS_MODULE_OPTIONS,
  OPTIONS_TYPE: WEBHOOKS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: WEBHOOKS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<WebhooksModuleOptions>({ moduleName: 'Webhooks' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createWebhooksOptions')
  .setExtras<WebhooksModuleExtras>(
    { isGlobal: false, controllers: true, compatibility: [] },
    (definition, extras) => {
      const compatibility = resolveCompatibility(extras.compatibility);
      const mount: ManagementMount = { controllers: extras.controllers !== false };
      return {
        ...definition,
        global: extras.isGlobal,
        controllers: webhooksControllers(mount, compatibility),
        providers: [
          ...(definition.providers ?? []),
          { provide: WEBHOOKS_MOUNT, useValue: mount },
          { provide: WebhooksCompatibility, useValue: compatibility },
        ],
      };
    },
  )
  .build();

/** What a `forRootAsync({ useClass | useExisting })` class implements. */
export type WebhooksOptionsFactory = ConfigurableModuleOptionsFactory<
  WebhooksModuleOptions,
  'createWebhooksOptions'
>;
