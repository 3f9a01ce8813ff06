// `@org/ingest/testing` (reviewed in api/ingest-testing.api.md): for hosts' own tests of their
// `@OnWebhook` handlers. Signed request builders of every source kind, and a testing module whose
// test bed runs the inbound worker on demand. Not loaded by the main entry.
import '../node-floor.check.js';

// Correctly signed requests, one builder per source kind
export {
  type SignedAt,
  type SignedRequestOptions,
  type SignedWebhookRequest,
} from './requests/signed-webhook-request.js';
export { stripeRequest, type StripeRequestOptions } from './requests/stripe.request.js';
export { githubRequest, type GitHubRequestOptions } from './requests/github.request.js';
export { hubspotRequest, type HubSpotRequestOptions } from './requests/hubspot.request.js';
export { shopifyRequest, type ShopifyRequestOptions } from './requests/shopify.request.js';
export { slackRequest, type SlackRequestOptions } from './requests/slack.request.js';
export { hmacRequest, type HmacRequestOptions } from './requests/hmac.request.js';
export {
  standardWebhooksRequest,
  type StandardWebhooksRequestOptions,
} from './requests/standard-webhooks.request.js';

// The testing module and its test bed
export { IngestTestingModule, type IngestTestingOptions } from './ingest-testing.module.js';
export { IngestTestbed, type ReceivedEventsFilter } from './ingest-testbed.js';
export type { WebhookResponse } from './send-to-app.js';
export type { DrainedInboundEvent, IngestDrainReport } from './drained-inbound-event.js';
export { IngestDrainLimitError } from './errors/ingest-drain-limit.error.js';
export { IngestTestbedClosedError } from './errors/ingest-testbed-closed.error.js';
