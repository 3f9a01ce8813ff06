import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { Webhooks } from '@octokit/webhooks';
import { hubSpotV3Headers } from '@org/ingest/signing';
import { githubEvent, hubspotEvents, stripeEvent } from '@org/send';
import { INGEST_SECRETS, type TestApp } from '../app-harness.js';
import { call, type ApiResponse } from './http.js';

// Third-party webhooks: realistic payloads from @org/send's builders, signed with the senders' real
// schemes (Stripe's own test header, Octokit's `sign`, HubSpot v3 as the ingest library implements it
// from HubSpot's published vectors). Signing happens here so a test can sign any payload it builds.

export { githubEvent, hubspotEvents, stripeEvent };

/** POSTs `event` to `/api/webhooks/stripe` with a valid `Stripe-Signature` (or one made with `secret`). */
export function sendStripe(
  t: TestApp,
  event: object,
  secret: string = INGEST_SECRETS.stripe,
): Promise<ApiResponse> {
  return sendStripeTo(t, '/api/webhooks/stripe', event, secret);
}

/** POSTs `event` to `path` (e.g. a created source's URL path) with a `Stripe-Signature` made with `secret`. */
export function sendStripeTo(t: TestApp, path: string, event: object, secret: string): Promise<ApiResponse> {
  const payload = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret });
  return call(t, 'POST', path, { raw: payload, headers: { 'stripe-signature': signature } });
}

/** POSTs a GitHub `event` (`X-GitHub-Event`) with `X-GitHub-Delivery`, signed by Octokit. */
export async function sendGitHub(
  t: TestApp,
  event: string,
  payload: object,
  delivery: string = randomUUID(),
): Promise<ApiResponse> {
  const body = JSON.stringify(payload);
  const signature = await new Webhooks({ secret: INGEST_SECRETS.github }).sign(body);
  return call(t, 'POST', '/api/webhooks/github', {
    raw: body,
    headers: { 'x-github-event': event, 'x-github-delivery': delivery, 'x-hub-signature-256': signature },
  });
}

/** POSTs a HubSpot batch signed with v3 over the URL the app is called at. */
export function sendHubSpot(t: TestApp, events: object[]): Promise<ApiResponse> {
  const body = JSON.stringify(events);
  const headers = hubSpotV3Headers({
    clientSecret: INGEST_SECRETS.hubspot,
    method: 'POST',
    uri: `${t.baseUrl}/api/webhooks/hubspot`,
    body,
    timestamp: Date.now(),
  });
  return call(t, 'POST', '/api/webhooks/hubspot', { raw: body, headers });
}
