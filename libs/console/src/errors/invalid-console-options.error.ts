import { InvalidOptionsError } from '@org/common';

/** Thrown at start-up when `ConsoleModuleOptions` are wrong; names every bad option. */
export class InvalidConsoleOptionsError extends InvalidOptionsError {}
