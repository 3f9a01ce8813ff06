import { createHash, createHmac } from 'node:crypto';
import type { HmacSourceOptions } from '../../options/source-options.interface.js';
import {
  bodyOf,
  JSON_CONTENT_TYPE,
  jsonField,
  secondsOf,
  sourcePath,
  type SignedRequestOptions,
  type SignedWebhookRequest,
} from './signed-webhook-request.js';

/** A request of a generic HMAC scheme to sign. */
export interface HmacRequestOptions extends SignedRequestOptions {
  /** The source's name (`sources.hmac.<name>`) or id (`src_…`) in the path. */
  source: string;
  /**
   * The scheme, as configured: the same object as `sources.hmac.<name>` (its first secret signs unless
   * `secret` is given). Sources created over the API use the snake_case `options` in camelCase here.
   */
  scheme: Omit<HmacSourceOptions, 'secrets'> & { secrets?: string[] };
  /** The secret that signs. @default the scheme's first secret */
  secret?: string;
  /** The payload; a string or Buffer is sent exactly as given. */
  payload: unknown;
  /** The sender's id, put in the scheme's `idHeader` when it has one. */
  id?: string;
  /** The event type, put in the scheme's `typeHeader` when it has one. */
  type?: string;
}

/**
 * A request signed by the scheme a generic HMAC source is configured with: the scheme's algorithm
 * and encoding over the body, or over `<timestamp>.<body>` with a timestamp header and
 * `signedPayload: 'timestamp.body'` (the scheme's defaults, as the module applies them).
 */
export function hmacRequest(options: HmacRequestOptions): SignedWebhookRequest {
  const { scheme } = options;
  const secret = options.secret ?? scheme.secrets?.[0];
  if (secret === undefined) throw new Error('hmacRequest: give `secret` or the scheme with its `secrets`');
  const body = bodyOf(options.payload);
  const headers: Record<string, string> = { ...JSON_CONTENT_TYPE };
  let signed: Buffer = Buffer.from(body);
  if (scheme.timestampHeader) {
    const timestamp = String(secondsOf(options.at));
    headers[scheme.timestampHeader.toLowerCase()] = timestamp;
    if ((scheme.signedPayload ?? 'timestamp.body') === 'timestamp.body')
      signed = Buffer.concat([Buffer.from(`${timestamp}.`), signed]);
  }
  const digest = createHmac(scheme.algorithm ?? 'sha256', secret)
    .update(signed)
    .digest(scheme.encoding ?? 'hex');
  headers[scheme.header.toLowerCase()] = `${scheme.prefix ?? ''}${digest}`;
  if (scheme.idHeader && options.id !== undefined) headers[scheme.idHeader.toLowerCase()] = options.id;
  if (scheme.typeHeader && options.type !== undefined)
    headers[scheme.typeHeader.toLowerCase()] = options.type;
  // The module's own rule for the id: the header, the payload's id field, or the body's hash.
  const id =
    options.id ?? jsonField(body, scheme.idField ?? 'id') ?? createHash('sha256').update(body).digest('hex');
  return { method: 'POST', path: sourcePath(options.source, options.prefix), headers, body, id };
}
