import { InvalidOptionsError, type OptionProblem } from './invalid-options.error.js';

/**
 * Validates module options without stopping at the first mistake: each check records a problem and
 * returns the fallback, and {@link OptionChecker.throwIfProblems} throws once, naming every bad option.
 * Both libraries' resolvers use it, so their start-up errors read the same.
 * @example
 * const check = new OptionChecker();
 * const timeoutMs = check.integer('requestTimeoutMs', options.requestTimeoutMs, 10_000, 1);
 * check.throwIfProblems((problems) => new InvalidWebhooksOptionsError(problems));
 */
export class OptionChecker {
  private readonly found: OptionProblem[] = [];

  /** The problems recorded so far. */
  get problems(): readonly OptionProblem[] {
    return this.found;
  }

  /** Records that `option` is wrong. */
  fail(option: string, problem: string): void {
    this.found.push({ option, problem });
  }

  /**
   * Throws the error `toError` makes from every recorded problem, if there is one.
   * @throws the error from `toError` (an {@link InvalidOptionsError} subclass) when a check failed.
   */
  throwIfProblems(toError: (problems: readonly OptionProblem[]) => InvalidOptionsError): void {
    if (this.found.length > 0) throw toError([...this.found]);
  }

  /** Whether `value` is a plain object (not null, not an array); records a problem if not. */
  object(option: string, value: unknown): value is Record<string, unknown> {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return true;
    this.fail(option, `must be an object, got ${describeValue(value)}`);
    return false;
  }

  /** Records every key of `value` not in `known`: a typo would otherwise be ignored. */
  knownKeys(prefix: string, value: object, known: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!known.includes(key))
        this.fail(`${prefix}${key}`, `unknown option; known ones are ${known.join(', ')}`);
    }
  }

  /** An optional whole number of at least `min` (and at most `max`, when given). */
  integer(option: string, value: unknown, fallback: number, min: number, max = Infinity): number {
    if (value === undefined) return fallback;
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max)
      return value;
    this.fail(option, `must be a whole number of at least ${min}${atMost(max)}, got ${describeValue(value)}`);
    return fallback;
  }

  /** An optional finite number (fractions allowed) of at least `min` (and at most `max`, when given). */
  number(option: string, value: unknown, fallback: number, min: number, max = Infinity): number {
    if (value === undefined) return fallback;
    if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) return value;
    this.fail(option, `must be a number of at least ${min}${atMost(max)}, got ${describeValue(value)}`);
    return fallback;
  }

  /** An optional finite number above zero (fractions allowed). */
  positiveNumber(option: string, value: unknown, fallback: number): number {
    if (value === undefined) return fallback;
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
    this.fail(option, `must be a positive number, got ${describeValue(value)}`);
    return fallback;
  }

  /** An optional boolean. */
  boolean(option: string, value: unknown, fallback: boolean): boolean {
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    this.fail(option, `must be true or false, got ${describeValue(value)}`);
    return fallback;
  }

  /** An optional non-empty string; with `pattern`, one matching it (`rule` says how, for the message). */
  string<F extends string | undefined>(
    option: string,
    value: unknown,
    fallback: F,
    pattern?: { test(text: string): boolean; rule: string },
  ): string | F {
    if (value === undefined) return fallback;
    if (typeof value === 'string' && value.length > 0 && (pattern === undefined || pattern.test(value)))
      return value;
    this.fail(option, `${pattern?.rule ?? 'must be a non-empty string'}, got ${describeValue(value)}`);
    return fallback;
  }

  /** An optional string out of `allowed`. */
  oneOf<T extends string>(option: string, value: unknown, allowed: readonly T[], fallback: T): T {
    if (value === undefined) return fallback;
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.fail(
      option,
      `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describeValue(value)}`,
    );
    return fallback;
  }

  /** Whether `value` is an object with a function for each of `methods` (a port, a clock). */
  implementation(option: string, value: unknown, methods: readonly string[], hint = ''): boolean {
    const candidate = value as Record<string, unknown> | null;
    if (
      typeof candidate === 'object' &&
      candidate !== null &&
      methods.every((method) => typeof candidate[method] === 'function')
    )
      return true;
    this.fail(option, `must implement ${methods.join(', ')}${hint}`);
    return false;
  }
}

/** A short, safe rendering of a bad value for an error message (never a whole secret or object). */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'function') return 'a function';
  return typeof value === 'object' ? 'an object' : String(value);
}

function atMost(max: number): string {
  return max === Infinity ? '' : ` and at most ${max}`;
}
