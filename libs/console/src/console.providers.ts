import type { Provider } from '@nestjs/common';
import { Clock, SystemClock } from '@org/common';
import { CONSOLE_MODULE_OPTIONS } from './console.module-definition.js';
import type { ConsoleModuleOptions } from './options/console-options.interface.js';
import { RESOLVED_CONSOLE_OPTIONS, resolveConsoleOptions } from './options/resolved-console-options.js';

/** The resolved options and the clock, from the module's raw options. */
export const consoleProviders: Provider[] = [
  {
    provide: RESOLVED_CONSOLE_OPTIONS,
    inject: [CONSOLE_MODULE_OPTIONS],
    useFactory: (options: ConsoleModuleOptions) => resolveConsoleOptions(options),
  },
  {
    provide: Clock,
    inject: [CONSOLE_MODULE_OPTIONS],
    useFactory: (options: ConsoleModuleOptions): Clock => options.clock ?? new SystemClock(),
  },
];
