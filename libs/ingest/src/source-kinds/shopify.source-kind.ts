import type { ResolvedHmacSource } from '../options/resolved-ingest-options.js';
import { HmacWebhookVerifier } from '../verification/hmac.verifier.js';
import { resolveCreatedHmac } from './hmac.source-kind.js';
import type { SourceKind } from './source-kind.interface.js';

/**
 * Shopify: base64 HMAC-SHA256 of the raw body in `X-Shopify-Hmac-Sha256`, signed with the app's
 * client secret; `X-Shopify-Webhook-Id` is the event id and `X-Shopify-Topic` the type.
 */
const SHOPIFY_PRESET = {
  header: 'x-shopify-hmac-sha256',
  encoding: 'base64',
  idHeader: 'x-shopify-webhook-id',
  typeHeader: 'x-shopify-topic',
};

/** Shopify: a preset of the generic HMAC scheme, created over the API only. */
export const shopifySourceKind: SourceKind<ResolvedHmacSource> = {
  secret: { shape: 'shared', issuedByProvider: true },
  optionKeys: [],
  resolveCreated: (_options, secrets, check) => resolveCreatedHmac({ ...SHOPIFY_PRESET, secrets }, check),
  createVerifier: (options) => new HmacWebhookVerifier(options),
};
