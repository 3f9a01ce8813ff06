import { OptionChecker } from '@org/common';
import { toleranceSeconds } from '../options/source-option-checks.js';

// Helpers of the kinds' `resolveCreated`: sources created over the API take snake_case `options`,
// checked by the same resolvers as configured sources (camelCase), with problems named in API terms.

/** `options.tolerance_seconds`: the replay window in seconds. @default 300 */
export function toleranceOption(check: OptionChecker, options: Record<string, unknown>): number {
  return toleranceSeconds(check, 'options.tolerance_seconds', options.tolerance_seconds);
}

/**
 * Runs a resolver of the configured sources on API options: snake_case keys become its camelCase
 * ones, and its problems are named back in the API's terms (`options.<snake_key>`, `secret`).
 */
export function viaConfigResolver<T>(
  options: Record<string, unknown>,
  keys: Record<string, string>,
  secretsKey: string,
  check: OptionChecker,
  resolve: (value: Record<string, unknown>, inner: OptionChecker) => T,
): T {
  const toSnake = Object.fromEntries(Object.entries(keys).map(([snake, camel]) => [camel, snake]));
  const inner = new OptionChecker();
  const resolved = resolve(options, inner);
  for (const { option, problem } of inner.problems) {
    const key = option.slice('options.'.length);
    // The one `secret` the API was given (`secrets[0]` here) was checked already, against the kind's rule.
    if (key === secretsKey || key.startsWith(`${secretsKey}[`)) continue;
    check.fail(`options.${toSnake[key] ?? key}`, problem);
  }
  return resolved;
}

/** The known snake_case keys of `options`, renamed to the configured sources' camelCase. */
export function camelCase(
  options: Record<string, unknown>,
  keys: Record<string, string>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(options)
      .filter(([key]) => key in keys)
      .map(([key, value]) => [keys[key], value]),
  );
}
