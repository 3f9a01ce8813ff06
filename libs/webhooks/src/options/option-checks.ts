import { InvalidWebhooksOptionsError } from '../errors/invalid-webhooks-options.error.js';

/** Reads an optional whole number of at least `min`, or throws naming the option. */
export function integerOption(name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new InvalidWebhooksOptionsError(
      name,
      `must be a whole number of at least ${min}, got ${describe(value)}`,
    );
  }
  return value;
}

/** Reads an optional positive number (fractions allowed), or throws naming the option. */
export function positiveNumberOption(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidWebhooksOptionsError(name, `must be a positive number, got ${describe(value)}`);
  }
  return value;
}

/** Reads an optional boolean, or throws naming the option. */
export function booleanOption(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean')
    throw new InvalidWebhooksOptionsError(name, `must be true or false, got ${describe(value)}`);
  return value;
}

/** Reads an optional string that must match `pattern`, or throws naming the option and the rule. */
export function stringOption(
  name: string,
  value: unknown,
  fallback: string,
  pattern: RegExp,
  rule: string,
): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new InvalidWebhooksOptionsError(name, `${rule}, got ${describe(value)}`);
  }
  return value;
}

/** Throws naming the first key of `value` that is not in `known` (a typo would otherwise be ignored). */
export function refuseUnknownKeys(prefix: string, value: object, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new InvalidWebhooksOptionsError(
        `${prefix}${key}`,
        `unknown option; known ones are ${known.join(', ')}`,
      );
    }
  }
}

/** A short, safe rendering of a bad value for an error message. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}
