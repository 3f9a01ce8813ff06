import type { Type } from '@nestjs/common';
import { COMMON_MESSAGES } from '../common.messages.js';
import { describeValue, type OptionChecker } from '../options/option-checker.js';
import { allowsEveryone } from './allow-everyone-in-development.js';
import type { Authorizer, AuthorizeOption } from './authorize.interface.js';

/**
 * How a module was mounted, from its static extras: the options resolver needs it to know whether
 * `authorize` is required.
 */
export interface ManagementMount {
  /** Whether the module mounts its management controllers (its `controllers` extra). */
  controllers: boolean;
}

/**
 * Checks a module's `authorize` option for its options resolver: required while management
 * controllers are mounted, a function or an `Authorizer` class, and never
 * `allowEveryoneInDevelopment` when `NODE_ENV=production`.
 * @returns the option, or `null` when none is given (only allowed with `controllers: false`).
 */
export function checkAuthorizeOption(
  check: OptionChecker,
  value: unknown,
  { controllers, production }: ManagementMount & { production: boolean },
): AuthorizeOption | null {
  if (value === undefined) {
    if (controllers) check.fail('authorize', COMMON_MESSAGES.authorizeMissing);
    return null;
  }
  if (typeof value !== 'function') {
    check.fail('authorize', COMMON_MESSAGES.authorizeNotCallable(describeValue(value)));
    return null;
  }
  if (production && allowsEveryone(value)) {
    check.fail('authorize', COMMON_MESSAGES.allowEveryoneInProduction);
    return null;
  }
  return value as AuthorizeOption;
}

/**
 * Whether `option` is an `Authorizer` class (whose prototype has `authorize`) rather than an
 * `AuthorizeFunction`: arrow functions have no prototype, plain functions one without `authorize`.
 */
export function isAuthorizerClass(option: AuthorizeOption): option is Type<Authorizer> {
  const prototype: unknown = (option as { prototype?: unknown }).prototype;
  return (
    typeof prototype === 'object' &&
    prototype !== null &&
    typeof Reflect.get(prototype, 'authorize') === 'function'
  );
}
