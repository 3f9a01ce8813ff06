import { randomUUID } from 'node:crypto';

/**
 * A correctly signed inbound webhook, ready to send: `body` is exactly the bytes that were signed, so
 * send it as it is (`request(server).post(path).set(headers).send(body)` with supertest, or
 * `app.inject({ method: 'POST', url: path, headers, payload: body })` on Fastify).
 */
export interface SignedWebhookRequest {
  /** `POST`: every provider sends webhooks with it. */
  method: 'POST';
  /** Where to send it, e.g. `/webhooks/stripe` (with your global prefix when you set `prefix`). */
  path: string;
  /** The provider's headers, lower case, `content-type` included. */
  headers: Record<string, string>;
  /**
   * The exact signed body: text, unless the payload was given as a Buffer. Send a Buffer with Fastify's
   * `inject` or {@link IngestTestbed.receive}, not supertest, which sends a Buffer under a JSON
   * content type as `{"type":"Buffer","data":[…]}`.
   */
  body: string | Buffer;
  /** The id the module dedupes on (Stripe's event id, `X-GitHub-Delivery`, …): send it twice, it is handled once. */
  id: string;
}

/** Something that tells the time: a `Date`, Unix milliseconds, or a clock (`ManualClock`). */
export type SignedAt = Date | number | { now(): Date };

/** What every builder takes besides its provider's own fields. */
export interface SignedRequestOptions {
  /**
   * When the request is signed: give the module's `ManualClock` (or a time near it), since signatures
   * older or newer than the source's tolerance are refused. @default now (Date.now())
   */
  at?: SignedAt;
  /** Put in front of the path, e.g. `/api` for an app with `setGlobalPrefix('api')`. @default '' */
  prefix?: string;
}

/** Milliseconds of a {@link SignedAt}; now when absent. */
export function millisecondsOf(at: SignedAt | undefined): number {
  if (at === undefined) return Date.now();
  if (typeof at === 'number') return at;
  return at instanceof Date ? at.getTime() : at.now().getTime();
}

/** Unix seconds of a {@link SignedAt}, as providers put them in headers. */
export function secondsOf(at: SignedAt | undefined): number {
  return Math.floor(millisecondsOf(at) / 1000);
}

/** The exact body: raw text or bytes as given, anything else as JSON. */
export function bodyOf(payload: unknown): string | Buffer {
  return typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload);
}

/** A top-level string or number field of a raw JSON body, for the id of a request sent as given. */
export function jsonField(body: string | Buffer, field: string): string | undefined {
  try {
    const value: unknown = JSON.parse(body.toString());
    const found =
      value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[field] : undefined;
    return typeof found === 'string' || typeof found === 'number' ? String(found) : undefined;
  } catch {
    return undefined;
  }
}

/** A fresh id with a provider-like prefix, for senders' ids the test did not choose. */
export function freshId(prefix = ''): string {
  return `${prefix}${randomUUID()}`;
}

/** The path of a source's route under an optional prefix. */
export function sourcePath(source: string, prefix = ''): string {
  return `${prefix.replace(/\/$/, '')}/webhooks/${source}`;
}

/** The content type every builder sends (each provider sends JSON). */
export const JSON_CONTENT_TYPE = { 'content-type': 'application/json' } as const;
