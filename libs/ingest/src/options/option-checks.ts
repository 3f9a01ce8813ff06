import { invalidOption } from '../ingest.messages.js';

/**
 * Collects every problem with the module options, each naming the option's path, so one start-up
 * failure lists them all instead of making the user fix them one restart at a time.
 */
export class OptionChecks {
  readonly problems: string[] = [];

  fail(path: string, requirement: string): void {
    this.problems.push(invalidOption(path, requirement));
  }

  isObject(value: unknown, path: string): value is Record<string, unknown> {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return true;
    this.fail(path, 'must be an object');
    return false;
  }

  /** Refuses keys the library does not know: a typo (`secret` for `secrets`) must not pass silently. */
  onlyKnownKeys(value: Record<string, unknown>, known: readonly string[], path: string): void {
    for (const key of Object.keys(value)) {
      if (!known.includes(key))
        this.fail(`${path}.${key}`, `is not a known option (known: ${known.join(', ')})`);
    }
  }

  secrets(value: unknown, path: string): string[] {
    if (
      Array.isArray(value) &&
      value.length > 0 &&
      value.every((s) => typeof s === 'string' && s.length > 0)
    ) {
      return value as string[];
    }
    this.fail(path, 'must be a non-empty array of strings');
    return [];
  }

  string(value: unknown, path: string, fallback: string): string;
  string(value: unknown, path: string, fallback?: undefined): string | undefined;
  string(value: unknown, path: string, fallback?: string): string | undefined {
    if (value === undefined) return fallback;
    if (typeof value === 'string' && value.length > 0) return value;
    this.fail(path, 'must be a non-empty string');
    return fallback;
  }

  oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string, fallback: T): T {
    if (value === undefined) return fallback;
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.fail(path, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
    return fallback;
  }

  /** A number with `min <= value` (integers only when asked). */
  number(value: unknown, path: string, fallback: number, min: number, integer = false): number {
    if (value === undefined) return fallback;
    if (
      typeof value === 'number' &&
      Number.isFinite(value) &&
      value >= min &&
      (!integer || Number.isInteger(value))
    ) {
      return value;
    }
    this.fail(path, `must be ${integer ? 'an integer' : 'a number'} >= ${min}`);
    return fallback;
  }

  boolean(value: unknown, path: string, fallback: boolean): boolean {
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    this.fail(path, 'must be true or false');
    return fallback;
  }

  /** An object whose listed members are functions (a port implementation, a clock). */
  implementation(value: unknown, methods: readonly string[], path: string): boolean {
    const candidate = value as Record<string, unknown> | null;
    if (
      candidate &&
      typeof candidate === 'object' &&
      methods.every((m) => typeof candidate[m] === 'function')
    )
      return true;
    this.fail(path, `must implement ${methods.join(', ')}`);
    return false;
  }
}
