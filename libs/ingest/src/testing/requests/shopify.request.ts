import { createHmac } from 'node:crypto';
import {
  bodyOf,
  freshId,
  JSON_CONTENT_TYPE,
  sourcePath,
  type SignedRequestOptions,
  type SignedWebhookRequest,
} from './signed-webhook-request.js';

/** A Shopify webhook to sign. */
export interface ShopifyRequestOptions extends Omit<SignedRequestOptions, 'at'> {
  /** The app's client secret, the source's secret. */
  secret: string;
  /** The source's id in its URL (`src_…`, as `POST /inbound-sources` answered). */
  source: string;
  /** `X-Shopify-Topic`, e.g. `orders/create`. */
  topic: string;
  /** The payload; a string or Buffer is sent exactly as given. */
  payload: unknown;
  /** `X-Shopify-Webhook-Id`, the id the module dedupes on. @default a fresh UUID */
  id?: string;
  /** `X-Shopify-Shop-Domain`. @default 'example.myshopify.com' */
  shopDomain?: string;
}

/**
 * A Shopify webhook signed as Shopify's documentation defines it: `X-Shopify-Hmac-Sha256` is the base64
 * HMAC-SHA256 of the raw body with the client secret (no library of Shopify's does only this).
 */
export function shopifyRequest(options: ShopifyRequestOptions): SignedWebhookRequest {
  const body = bodyOf(options.payload);
  const id = options.id ?? freshId();
  return {
    method: 'POST',
    path: sourcePath(options.source, options.prefix),
    headers: {
      ...JSON_CONTENT_TYPE,
      'x-shopify-hmac-sha256': createHmac('sha256', options.secret).update(body).digest('base64'),
      'x-shopify-topic': options.topic,
      'x-shopify-webhook-id': id,
      'x-shopify-shop-domain': options.shopDomain ?? 'example.myshopify.com',
    },
    body,
    id,
  };
}
