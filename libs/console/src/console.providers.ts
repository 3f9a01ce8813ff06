import type { Provider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Clock, ManagementAuthorization, SystemClock, type ManagementMount } from '@org/common';
import { CONSOLE_AUTHORIZATION } from './auth/console-management.guard.js';
import { CONSOLE_MODULE_NAME } from './console.constants.js';
import { CONSOLE_MODULE_OPTIONS, CONSOLE_MOUNT } from './console.module-definition.js';
import type { ConsoleModuleOptions } from './options/console-options.interface.js';
import {
  RESOLVED_CONSOLE_OPTIONS,
  resolveConsoleOptions,
  type ResolvedConsoleOptions,
} from './options/resolved-console-options.js';

/** The resolved options, the clock, and the enforcement of `authorize`, from the module's raw options. */
export const consoleProviders: Provider[] = [
  {
    provide: RESOLVED_CONSOLE_OPTIONS,
    inject: [CONSOLE_MODULE_OPTIONS, CONSOLE_MOUNT],
    useFactory: (options: ConsoleModuleOptions, mount: ManagementMount) =>
      resolveConsoleOptions(options, process.env.NODE_ENV, mount),
  },
  {
    provide: Clock,
    inject: [CONSOLE_MODULE_OPTIONS],
    useFactory: (options: ConsoleModuleOptions): Clock => options.clock ?? new SystemClock(),
  },
  {
    provide: CONSOLE_AUTHORIZATION,
    inject: [RESOLVED_CONSOLE_OPTIONS, ModuleRef],
    useFactory: (options: ResolvedConsoleOptions, moduleRef: ModuleRef) =>
      new ManagementAuthorization({
        moduleName: CONSOLE_MODULE_NAME,
        authorize: options.authorize,
        moduleRef,
      }),
  },
];
