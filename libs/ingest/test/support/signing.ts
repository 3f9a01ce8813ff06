import { createHmac } from 'node:crypto';
import { Webhooks } from '@octokit/webhooks';
import { hubSpotV3Headers } from '@org/ingest/signing';
import Stripe from 'stripe';
import { Webhook } from 'standardwebhooks';

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

/** A Stripe event body and its `Stripe-Signature`, signed with Stripe's own test helper. */
export function stripeRequest(options: {
  id?: string;
  type?: string;
  secret?: string;
  at: Date;
  body?: string;
}) {
  const body =
    options.body ??
    JSON.stringify({
      id: options.id ?? 'evt_test_1',
      object: 'event',
      type: options.type ?? 'payment_intent.succeeded',
      data: { object: { id: 'pi_test_1', object: 'payment_intent', amount: 2000, currency: 'usd' } },
    });
  const header = Stripe.webhooks.generateTestHeaderString({
    payload: body,
    secret: options.secret ?? SECRETS.stripe,
    timestamp: Math.floor(options.at.getTime() / 1000),
  });
  return { body, headers: { 'content-type': 'application/json', 'stripe-signature': header } };
}

/** A GitHub delivery signed with Octokit. */
export async function githubRequest(
  options: { delivery?: string; event?: string; secret?: string; body?: string } = {},
) {
  const body =
    options.body ??
    JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'acme/app' }, commits: [] });
  const signature = await new Webhooks({ secret: options.secret ?? SECRETS.github }).sign(body);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': signature,
      'x-github-event': options.event ?? 'push',
      'x-github-delivery': options.delivery ?? '72d3162e-cc78-11e3-81ab-4c9367dc0958',
    },
  };
}

/** A HubSpot batch signed with v3 for `uri`. */
export function hubspotRequest(options: {
  uri: string;
  at: Date;
  events?: object[];
  secret?: string;
  body?: string;
}) {
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
  const headers = hubSpotV3Headers({
    clientSecret: options.secret ?? SECRETS.hubspot,
    method: 'POST',
    uri: options.uri,
    body,
    timestamp: options.at.getTime(),
  });
  return { body, headers: { 'content-type': 'application/json', ...lowerCase(headers) } };
}

/** A Standard Webhooks delivery signed with the `standardwebhooks` package. */
export function standardWebhooksRequest(options: { id: string; at: Date; secret?: string; body?: string }) {
  const body =
    options.body ??
    JSON.stringify({ type: 'invoice.paid', timestamp: options.at.toISOString(), data: { id: 'inv_1' } });
  const signature = new Webhook(options.secret ?? SECRETS.standard).sign(options.id, options.at, body);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': options.id,
      'webhook-timestamp': String(Math.floor(options.at.getTime() / 1000)),
      'webhook-signature': signature,
    },
  };
}

/**
 * A Shopify webhook as Shopify's docs define it: `X-Shopify-Hmac-Sha256` is the base64 HMAC-SHA256 of
 * the raw body with the app's client secret; topic and webhook id in their own headers.
 */
export function shopifyRequest(options: {
  webhookId: string;
  topic?: string;
  secret?: string;
  body?: string;
}) {
  const body = options.body ?? JSON.stringify({ id: 820982911946154500, email: 'jon@example.com' });
  const hmac = createHmac('sha256', options.secret ?? SECRETS.shopify)
    .update(body)
    .digest('base64');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-shopify-hmac-sha256': hmac,
      'x-shopify-topic': options.topic ?? 'orders/create',
      'x-shopify-webhook-id': options.webhookId,
      'x-shopify-shop-domain': 'acme.myshopify.com',
    },
  };
}

/**
 * A Slack request as Slack's "Verifying requests" docs define it: `v0=` + hex HMAC-SHA256 of
 * `v0:<X-Slack-Request-Timestamp>:<body>` with the app's signing secret.
 */
export function slackRequest(options: { at: Date; payload: object; secret?: string }) {
  const body = JSON.stringify(options.payload);
  const timestamp = String(Math.floor(options.at.getTime() / 1000));
  const digest = createHmac('sha256', options.secret ?? SECRETS.slack)
    .update(`v0:${timestamp}:${body}`)
    .digest('hex');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': `v0=${digest}`,
    },
  };
}

function lowerCase(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
