import { randomBytes } from 'node:crypto';
import type { OptionChecker } from '@org/common';
import {
  MAX_SOURCE_SECRET_LENGTH,
  MAX_TOLERANCE_SECONDS,
  MIN_SOURCE_SECRET_LENGTH,
  RESERVED_SOURCE_HEADERS,
  STANDARD_WEBHOOKS_KEY_BYTES,
} from '../ingest.constants.js';

/** What a source's verifier needs of a secret: Stripe's `whsec_…`, Standard Webhooks' key, or a shared secret. */
export type SecretShape = 'stripe' | 'standard_webhooks' | 'shared';

/** An RFC 7230 token: what a header name may be. */
const HEADER_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Why `secret` cannot serve a verifier of `shape`, or `undefined` when it can. Checked at start-up
 * for configured sources and at create and rotate time for API ones, so no request finds a secret
 * its verifier throws on (a Standard Webhooks key of bad base64) or a guessable one.
 */
export function secretProblem(shape: SecretShape, secret: unknown): string | undefined {
  if (typeof secret !== 'string' || secret.length > MAX_SOURCE_SECRET_LENGTH || /\s/.test(secret))
    return `must be a string of at most ${MAX_SOURCE_SECRET_LENGTH} characters without spaces`;
  if (shape === 'standard_webhooks') {
    const key = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : null;
    const bytes = key !== null && key.length > 0 && BASE64.test(key) ? Buffer.from(key, 'base64').length : 0;
    const { min, max } = STANDARD_WEBHOOKS_KEY_BYTES;
    return bytes >= min && bytes <= max
      ? undefined
      : `must be whsec_ followed by the base64 of ${min} to ${max} bytes`;
  }
  if (shape === 'stripe' && !secret.startsWith('whsec_')) return 'must be a Stripe endpoint secret (whsec_…)';
  if (secret.length < MIN_SOURCE_SECRET_LENGTH)
    return `must be at least ${MIN_SOURCE_SECRET_LENGTH} characters long`;
  return undefined;
}

/** A fresh random secret of `shape`, for a source created over the API without one. */
export function generatedSecret(shape: SecretShape): string {
  const random = randomBytes(24).toString('base64');
  return shape === 'standard_webhooks' ? `whsec_${random}` : random;
}

/**
 * A secret of `shape`, standing in where options are checked without a new secret (an options
 * update): only the options' problems are then reported.
 */
export function placeholderSecret(shape: SecretShape): string {
  if (shape === 'standard_webhooks') return `whsec_${Buffer.alloc(32).toString('base64')}`;
  return shape === 'stripe' ? 'whsec_placeholder_secret' : 'placeholder-secret-0000';
}

/**
 * A source's secrets: a non-empty array (several while rotating), each fit for a verifier of
 * `shape`; problems are named `<option>[i]`.
 */
export function sourceSecrets(
  check: OptionChecker,
  option: string,
  value: unknown,
  shape: SecretShape,
): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    check.fail(option, 'must be a non-empty array of strings');
    return [];
  }
  value.forEach((secret, i) => {
    const problem = secretProblem(shape, secret);
    if (problem) check.fail(`${option}[${i}]`, problem);
  });
  return value as string[];
}

/**
 * An optional header name, lower case: an RFC 7230 token (no CR/LF or spaces) and none of the
 * hop-by-hop or content headers in {@link RESERVED_SOURCE_HEADERS}.
 */
export function headerName(check: OptionChecker, option: string, value: unknown): string | undefined {
  const name = check.string(option, value, undefined)?.toLowerCase();
  if (name === undefined) return undefined;
  if (!HEADER_TOKEN.test(name))
    check.fail(option, "must be a header name (letters, digits and !#$%&'*+-.^_`|~)");
  else if (RESERVED_SOURCE_HEADERS.includes(name))
    check.fail(option, `must not be a hop-by-hop or content header (${RESERVED_SOURCE_HEADERS.join(', ')})`);
  return name;
}

/** An optional replay window in seconds: at least 1, at most {@link MAX_TOLERANCE_SECONDS} (a day). */
export function toleranceSeconds(
  check: OptionChecker,
  option: string,
  value: unknown,
  fallback = 300,
): number {
  return check.number(option, value, fallback, 1, MAX_TOLERANCE_SECONDS);
}

/**
 * A `publicUrl` option: an http(s) base URL without query or fragment, returned without trailing
 * slashes (paths are appended to it); `undefined` when unset or refused.
 */
export function publicBaseUrl(check: OptionChecker, path: string, value: unknown): string | undefined {
  const publicUrl = check.string(path, value, undefined);
  if (publicUrl === undefined) return undefined;
  if (!/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(publicUrl)) {
    check.fail(path, 'must be an http(s) base URL without query, e.g. https://api.example.com');
    return undefined;
  }
  return publicUrl.replace(/\/+$/, '');
}
