import { ConfigurableModuleBuilder, type ConfigurableModuleOptionsFactory } from '@nestjs/common';
import type { ManagementMount } from '@org/common';
import type { WebhooksModuleOptions } from './options/webhooks-options.interface.js';
import { webhooksControllers } from './webhooks.controllers.js';

/** Token of the module's {@link ManagementMount}, which the options resolver reads. */
export const WEBHOOKS_MOUNT = Symbol('WebhooksMount');

/**
 * Settings of `forRoot` / `forRootAsync` that shape the module itself, given beside the options
 * (`forRootAsync({ controllers: false, useFactory })`), since they must be known before any factory runs.
 */
export interface WebhooksModuleExtras {
  /**
   * Makes `WebhooksService` injectable everywhere.
   * @default false
   */
  isGlobal: boolean;
  /**
   * Mounts the management API (`/webhooks…`, `/events…`), which then needs the `authorize` option;
   * `false` mounts none, and the exported services serve the host's own controllers.
   * @default true
   */
  controllers: boolean;
}

/**
 * `WebhooksModule.forRoot(options)` / `forRootAsync({ useFactory | useClass | useExisting })`, with
 * the {@link WebhooksModuleExtras} `isGlobal` and `controllers`.
 */
export const {
  ConfigurableModuleClass: ConfigurableWebhooksModule,
  MODULE_OPTIONS_TOKEN: WEBHOOKS_MODULE_OPTIONS,
  OPTIONS_TYPE: WEBHOOKS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: WEBHOOKS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<WebhooksModuleOptions>({ moduleName: 'Webhooks' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createWebhooksOptions')
  .setExtras<WebhooksModuleExtras>({ isGlobal: false, controllers: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
    controllers: webhooksControllers(extras),
    providers: [
      ...(definition.providers ?? []),
      { provide: WEBHOOKS_MOUNT, useValue: { controllers: extras.controllers } satisfies ManagementMount },
    ],
  }))
  .build();

/** What a `forRootAsync({ useClass | useExisting })` class implements. */
export type WebhooksOptionsFactory = ConfigurableModuleOptionsFactory<
  WebhooksModuleOptions,
  'createWebhooksOptions'
>;
