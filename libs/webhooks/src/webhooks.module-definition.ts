import { ConfigurableModuleBuilder, type ConfigurableModuleOptionsFactory } from '@nestjs/common';
import type { WebhooksModuleOptions } from './options/webhooks-options.interface.js';

/**
 * `WebhooksModule.forRoot(options)` / `forRootAsync({ useFactory | useClass | useExisting })`, with an
 * `isGlobal` extra (default `false`) that makes `WebhooksService` injectable everywhere.
 */
export const {
  ConfigurableModuleClass: ConfigurableWebhooksModule,
  MODULE_OPTIONS_TOKEN: WEBHOOKS_MODULE_OPTIONS,
  OPTIONS_TYPE: WEBHOOKS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: WEBHOOKS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<WebhooksModuleOptions>({ moduleName: 'Webhooks' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createWebhooksOptions')
  .setExtras({ isGlobal: false }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();

/** What a `forRootAsync({ useClass | useExisting })` class implements. */
export type WebhooksOptionsFactory = ConfigurableModuleOptionsFactory<
  WebhooksModuleOptions,
  'createWebhooksOptions'
>;
