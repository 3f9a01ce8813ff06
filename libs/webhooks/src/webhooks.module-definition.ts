import { ConfigurableModuleBuilder, type ConfigurableModuleOptionsFactory } from '@nestjs/common';
import type { CompatibleSystem } from './compatibility/compatible-systems.js';
import { WebhooksCompatibility } from './compatibility/webhooks-compatibility.js';
import { resolveCompatibility } from './options/resolve-compatibility.js';
import type { WebhooksModuleOptions } from './options/webhooks-options.interface.js';
import { webhooksControllers } from './webhooks.controllers.js';

/**
 * Options of `forRoot()` / `forRootAsync()` that shape the module itself, so they are given beside
 * the options (never returned by a `useFactory`): they must be known when the module is built.
 */
export interface WebhooksModuleExtras {
  /** Make `WebhooksService` injectable everywhere without importing the module. @default false */
  isGlobal?: boolean;
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
 * the {@link WebhooksModuleExtras} `isGlobal` and `compatibility`.
 */
export const {
  ConfigurableModuleClass: ConfigurableWebhooksModule,
  MODULE_OPTIONS_TOKEN: WEBHOOKS_MODULE_OPTIONS,
  OPTIONS_TYPE: WEBHOOKS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: WEBHOOKS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<WebhooksModuleOptions>({ moduleName: 'Webhooks' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createWebhooksOptions')
  .setExtras<WebhooksModuleExtras>({ isGlobal: false, compatibility: [] }, (definition, extras) => {
    const compatibility = resolveCompatibility(extras.compatibility);
    return {
      ...definition,
      global: extras.isGlobal,
      controllers: webhooksControllers(compatibility),
      providers: [
        ...(definition.providers ?? []),
        { provide: WebhooksCompatibility, useValue: compatibility },
      ],
    };
  })
  .build();

/** What a `forRootAsync({ useClass | useExisting })` class implements. */
export type WebhooksOptionsFactory = ConfigurableModuleOptionsFactory<
  WebhooksModuleOptions,
  'createWebhooksOptions'
>;
