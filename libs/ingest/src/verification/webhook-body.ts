import { MalformedWebhookError } from '../errors/malformed-webhook.error.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses a webhook body as JSON. The bytes must be valid UTF-8 (RFC 8259): decoding leniently would
 * hand handlers text that differs from what was signed.
 * @throws MalformedWebhookError when the body is not UTF-8 JSON.
 */
export function parseJsonBody(rawBody: Buffer | string): unknown {
  let text: string;
  try {
    text = typeof rawBody === 'string' ? rawBody : utf8.decode(rawBody);
  } catch {
    throw new MalformedWebhookError('The request body is not valid UTF-8.');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new MalformedWebhookError('The request body is not valid JSON.');
  }
}

/** True for a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The value at a dotted path (`data.object.id`) of a parsed payload, or undefined. */
export function valueAtPath(payload: unknown, path: string): unknown {
  let current: unknown = payload;
  for (const key of path.split('.')) {
    if (!isJsonObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** A string or finite number as an id string; anything else is undefined. */
export function asIdentifier(value: unknown): string | undefined {
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** True when `timestampMs` is within `toleranceMs` of `nowMs`, in either direction. */
export function withinWindow(timestampMs: number, nowMs: number, toleranceMs: number): boolean {
  return Number.isFinite(timestampMs) && Math.abs(nowMs - timestampMs) <= toleranceMs;
}
