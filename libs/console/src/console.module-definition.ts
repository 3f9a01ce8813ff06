import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ConsoleModuleOptions } from './options/console-options.interface.js';

/** `ConsoleModule.forRoot(options)` / `forRootAsync({ useFactory | useClass | useExisting })`. */
export const {
  ConfigurableModuleClass: ConfigurableConsoleModule,
  MODULE_OPTIONS_TOKEN: CONSOLE_MODULE_OPTIONS,
  OPTIONS_TYPE: CONSOLE_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: CONSOLE_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ConsoleModuleOptions>({ moduleName: 'Console' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createConsoleOptions')
  .build();
