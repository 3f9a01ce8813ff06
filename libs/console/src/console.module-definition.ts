import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ManagementMount } from '@org/common';
import { consoleControllers } from './console.controllers.js';
import type { ConsoleModuleOptions } from './options/console-options.interface.js';

/** Token of the module's {@link ManagementMount}, which the options resolver reads. */
export const CONSOLE_MOUNT = Symbol('ConsoleMount');

/**
 * Settings of `forRoot` / `forRootAsync` that shape the module itself, given beside the options
 * (`forRootAsync({ controllers: false, useFactory })`).
 */
export interface ConsoleModuleExtras {
  /**
   * Mounts the portal sessions API (`POST /portal/sessions`, `GET /portal/session`), which then
   * needs the `authorize` option; `false` mounts none (the UI pages are served either way, by
   * `serveUi`).
   * @default true
   */
  controllers: boolean;
}

/** `ConsoleModule.forRoot(options)` / `forRootAsync({ useFactory | useClass | useExisting })`. */
export const {
  ConfigurableModuleClass: ConfigurableConsoleModule,
  MODULE_OPTIONS_TOKEN: CONSOLE_MODULE_OPTIONS,
  OPTIONS_TYPE: CONSOLE_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: CONSOLE_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ConsoleModuleOptions>({ moduleName: 'Console' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createConsoleOptions')
  .setExtras<ConsoleModuleExtras>({ controllers: true }, (definition, extras) => ({
    ...definition,
    controllers: consoleControllers(extras),
    providers: [
      ...(definition.providers ?? []),
      { provide: CONSOLE_MOUNT, useValue: { controllers: extras.controllers } satisfies ManagementMount },
    ],
  }))
  .build();
