import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { Webhooks } from '@octokit/webhooks';
import { hubSpotV3Headers } from '@org/ingest';
import { INGEST_SECRETS, type TestApp } from '../app-harness.js';
import { call, type ApiResponse } from './http.js';

// Third-party webhooks signed with the real libraries (Stripe's and Octokit's own signers, and
// HubSpot's v3 scheme as the ingest library implements it from HubSpot's published vectors).

/** A Stripe event of `type` around `object`, as Stripe sends it. */
export function stripeEvent(type: string, object: Record<string, unknown>, id = `evt_${randomUUID().replaceAll('-', '')}`) {
  return { id, object: 'event', api_version: '2024-06-20', created: Math.floor(Date.now() / 1000), livemode: false, type, data: { object } };
}

/** POSTs `event` to `/api/webhooks/stripe` with a valid `Stripe-Signature`. */
export function sendStripe(t: TestApp, event: object, secret: string = INGEST_SECRETS.stripe): Promise<ApiResponse> {
  const payload = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret });
  return call(t, 'POST', '/api/webhooks/stripe', { raw: payload, headers: { 'stripe-signature': signature } });
}

/** POSTs a GitHub `event` (X-GitHub-Event) with a fresh `X-GitHub-Delivery`, signed by Octokit. */
export async function sendGitHub(t: TestApp, event: string, payload: object, delivery: string = randomUUID()): Promise<ApiResponse> {
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
