import {
  githubRequest as signedGitHubRequest,
  hubspotRequest as signedHubSpotRequest,
  shopifyRequest as signedShopifyRequest,
  slackRequest as signedSlackRequest,
  standardWebhooksRequest as signedStandardWebhooksRequest,
  stripeRequest as signedStripeRequest,
  type SignedWebhookRequest,
} from '@org/ingest/testing';

// The suites' shorthands over the public builders of @org/ingest/testing (which testing-kit.e2e-spec.ts
// checks against stripe's, Octokit's and standardwebhooks' own verifiers): the test secrets below and
// realistic default bodies, sent as text.

/** Test secrets (made up). */
export const SECRETS = {
  stripe: 'whsec_test_stripe_secret_0001',
  stripeRotated: 'whsec_test_stripe_secret_0002',
  github: 'github-test-secret-0001',
  githubRotated: 'github-test-secret-0002',
  hubspot: 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy',
  hubspotRotated: 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
  hmac: 'acme-shared-secret',
  standard: `whsec_${Buffer.from('standard-webhooks-test-secret-32b').toString('base64')}`,
  shopify: 'shpss_test_client_secret_0001',
  slack: '8f742231b10e8888abcd99yyyzzz85a5',
} as const;

/** A signed request's body (always text here) and headers. */
export interface SignedTestRequest {
  body: string;
  headers: Record<string, string>;
}

function asText(signed: SignedWebhookRequest): SignedTestRequest {
  return { body: signed.body.toString(), headers: signed.headers };
}

/** A Stripe event body and its `Stripe-Signature`. */
export function stripeRequest(options: {
  id?: string;
  type?: string;
  secret?: string;
  at: Date;
  body?: string;
}): SignedTestRequest {
  const body =
    options.body ??
    JSON.stringify({
      id: options.id ?? 'evt_test_1',
      object: 'event',
      type: options.type ?? 'payment_intent.succeeded',
      data: { object: { id: 'pi_test_1', object: 'payment_intent', amount: 2000, currency: 'usd' } },
    });
  return asText(
    signedStripeRequest({ secret: options.secret ?? SECRETS.stripe, event: body, at: options.at }),
  );
}

/** A GitHub delivery (async, as Octokit's signing is: the suites await it). */
export async function githubRequest(
  options: { delivery?: string; event?: string; secret?: string; body?: string } = {},
): Promise<SignedTestRequest> {
  const payload =
    options.body ??
    JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'acme/app' }, commits: [] });
  return asText(
    signedGitHubRequest({
      secret: options.secret ?? SECRETS.github,
      event: options.event ?? 'push',
      id: options.delivery ?? '72d3162e-cc78-11e3-81ab-4c9367dc0958',
      payload,
    }),
  );
}

/** A HubSpot batch signed with v3 for `uri`. */
export function hubspotRequest(options: {
  uri: string;
  at: Date;
  events?: object[];
  secret?: string;
  body?: string;
}): SignedTestRequest {
  const body =
    options.body ??
    JSON.stringify(
      options.events ?? [
        {
          eventId: 100,
          subscriptionId: 12345,
          portalId: 62515,
          occurredAt: options.at.getTime(),
          subscriptionType: 'contact.creation',
          attemptNumber: 0,
          objectId: 123,
          changeSource: 'CRM',
          changeFlag: 'NEW',
          appId: 54321,
        },
      ],
    );
  return asText(
    signedHubSpotRequest({
      clientSecret: options.secret ?? SECRETS.hubspot,
      url: options.uri,
      at: options.at,
      events: body,
    }),
  );
}

/** A Standard Webhooks delivery. */
export function standardWebhooksRequest(options: {
  id: string;
  at: Date;
  secret?: string;
  body?: string;
}): SignedTestRequest {
  const payload =
    options.body ??
    JSON.stringify({ type: 'invoice.paid', timestamp: options.at.toISOString(), data: { id: 'inv_1' } });
  return asText(
    signedStandardWebhooksRequest({
      secret: options.secret ?? SECRETS.standard,
      source: 'standard',
      id: options.id,
      at: options.at,
      payload,
    }),
  );
}

/** A Shopify webhook: topic and webhook id in their own headers. */
export function shopifyRequest(options: {
  webhookId: string;
  topic?: string;
  secret?: string;
  body?: string;
}): SignedTestRequest {
  const payload = options.body ?? JSON.stringify({ id: 820982911946154500, email: 'jon@example.com' });
  return asText(
    signedShopifyRequest({
      secret: options.secret ?? SECRETS.shopify,
      source: 'shopify',
      topic: options.topic ?? 'orders/create',
      id: options.webhookId,
      shopDomain: 'acme.myshopify.com',
      payload,
    }),
  );
}

/** A Slack request, its body exactly `payload` as JSON. */
export function slackRequest(options: { at: Date; payload: object; secret?: string }): SignedTestRequest {
  return asText(
    signedSlackRequest({
      secret: options.secret ?? SECRETS.slack,
      source: 'slack',
      at: options.at,
      payload: JSON.stringify(options.payload),
    }),
  );
}
