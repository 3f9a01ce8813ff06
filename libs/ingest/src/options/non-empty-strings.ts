import type { OptionChecker } from '@org/common';

/** A source's secrets: a non-empty array of non-empty strings (several while rotating). */
export function nonEmptyStrings(check: OptionChecker, option: string, value: unknown): string[] {
  if (Array.isArray(value) && value.length > 0 && value.every((s) => typeof s === 'string' && s.length > 0)) {
    return value as string[];
  }
  check.fail(option, 'must be a non-empty array of strings');
  return [];
}
