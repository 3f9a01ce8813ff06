import { createHmac } from 'node:crypto';
import {
  bodyOf,
  freshId,
  JSON_CONTENT_TYPE,
  secondsOf,
  sourcePath,
  type SignedRequestOptions,
  type SignedWebhookRequest,
} from './signed-webhook-request.js';

/** A Standard Webhooks message to sign. */
export interface StandardWebhooksRequestOptions extends SignedRequestOptions {
  /** The secret, `whsec_` + base64 key, one of the source's `secrets`. */
  secret: string;
  /** The source's name (`sources.standardWebhooks.<name>`) or id (`src_…`) in the path. */
  source: string;
  /** The payload, e.g. `{ type: 'invoice.paid', data: {…} }`; a string or Buffer is sent as given. */
  payload: unknown;
  /** `webhook-id`, the id the module dedupes on. @default a fresh `msg_…` */
  id?: string;
}

/**
 * A message signed as the Standard Webhooks specification defines it: `webhook-signature: v1,<base64
 * HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>")>`, the key being the base64 after
 * `whsec_`. Written with node:crypto so tests need not install the optional `standardwebhooks`; the
 * library's tests check it with that package's own `verify`.
 */
export function standardWebhooksRequest(options: StandardWebhooksRequestOptions): SignedWebhookRequest {
  const body = bodyOf(options.payload);
  const id = options.id ?? freshId('msg_');
  const timestamp = String(secondsOf(options.at));
  const key = Buffer.from(options.secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64');
  return {
    method: 'POST',
    path: sourcePath(options.source, options.prefix),
    headers: {
      ...JSON_CONTENT_TYPE,
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      'webhook-signature': `v1,${signature}`,
    },
    body,
    id,
  };
}
