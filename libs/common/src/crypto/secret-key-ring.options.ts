import type { OptionChecker } from '../options/option-checker.js';
import { describeValue } from '../options/option-checker.js';
import { COMMON_MESSAGES } from '../common.messages.js';
import { parseSecretKey } from './secret-cipher.js';

/** The two spellings of a module's key option, as given. */
export interface SecretKeyRingInput {
  /** The one-key form (`secretKey`). */
  secretKey?: unknown;
  /** The ring, newest first (`secretKeys`). */
  secretKeys?: unknown;
}

/**
 * Resolves a module's `secretKey` / `secretKeys` options into the ring, newest first, recording
 * problems on `check` by option name (`secretKeys[1]: must be 32 bytes, …`). Keys are strings (base64
 * or hex) or, where `buffers` is true, 32-byte Buffers.
 * @returns the ring; `null` when neither option is given (the caller decides whether that is allowed),
 *   or when a problem was recorded (the checker then throws).
 */
export function resolveSecretKeyRing(
  check: OptionChecker,
  { secretKey, secretKeys }: SecretKeyRingInput,
  { buffers }: { buffers: boolean },
): Buffer[] | null {
  const given = (value: unknown) => value !== undefined && value !== '';
  if (given(secretKey) && given(secretKeys)) {
    check.fail('secretKey', COMMON_MESSAGES.bothKeyForms('secretKey', 'secretKeys'));
    return null;
  }
  if (given(secretKey)) {
    const key = resolveKey(check, 'secretKey', secretKey, buffers);
    return key ? [key] : null;
  }
  if (!given(secretKeys)) return null;
  if (!Array.isArray(secretKeys) || secretKeys.length === 0) {
    check.fail(
      'secretKeys',
      `must be a non-empty array of keys, newest first, got ${describeValue(secretKeys)}`,
    );
    return null;
  }
  const keys = secretKeys.map((value: unknown, index) =>
    resolveKey(check, `secretKeys[${index}]`, value, buffers),
  );
  if (keys.some((key) => key === null)) return null;
  const ring = keys as Buffer[];
  const repeated = ring.findIndex((key, index) => ring.findIndex((other) => other.equals(key)) !== index);
  if (repeated >= 0) {
    const first = ring.findIndex((other) => other.equals(ring[repeated]));
    check.fail(`secretKeys[${repeated}]`, `repeats secretKeys[${first}]`);
    return null;
  }
  return ring;
}

function resolveKey(check: OptionChecker, option: string, value: unknown, buffers: boolean): Buffer | null {
  if (buffers && Buffer.isBuffer(value)) {
    if (value.length === 32) return value;
    check.fail(option, `must be 32 bytes, got a Buffer of ${value.length}`);
    return null;
  }
  if (typeof value !== 'string') {
    check.fail(option, `must be a string${buffers ? ' or a Buffer' : ''}, got ${describeValue(value)}`);
    return null;
  }
  try {
    return parseSecretKey(value);
  } catch (error) {
    check.fail(option, (error as Error).message);
    return null;
  }
}
