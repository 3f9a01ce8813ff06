import { Webhooks } from '@octokit/webhooks';
import { hubSpotV3Headers } from '@org/ingest/signing';
import Stripe from 'stripe';
import { githubEvent } from './github.payloads.js';
import { hubspotEvents } from './hubspot.payloads.js';
import { deliveryId, numericId } from './ids.js';
import { stripeEvent } from './stripe.payloads.js';

/** Sources this tool can sign for. */
export const SOURCES = ['stripe', 'github', 'hubspot'] as const;
export type Source = (typeof SOURCES)[number];

/** What to send. */
export interface SignedRequestOptions {
  source: Source;
  /** Stripe event type, GitHub event name, or HubSpot subscription type. */
  type: string;
  /** Stripe endpoint secret, GitHub webhook secret, or HubSpot client secret. */
  secret: string;
  /** Where to send; HubSpot v3 signs this exact URL. */
  url: string;
  /** The signing time. @default now */
  now?: Date;
  /** Stripe event id, GitHub delivery id, or first HubSpot event id. @default random */
  id?: string;
  /** GitHub `pull_request` action. */
  action?: string;
  /** HubSpot `*.propertyChange` value (`closedwon`, `closedlost` for deal stages). */
  value?: string;
  /** HubSpot events per batch. @default 1 */
  count?: number;
}

/** A ready-to-send webhook request, signed as its sender signs it. */
export interface SignedWebhookRequest {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
  /** The sender's event id(s) in this request: what the receiver deduplicates on. */
  externalIds: string[];
}

/**
 * Builds a realistic payload and signs it with the sender's real scheme: Stripe's own
 * `generateTestHeaderString`, Octokit's `sign`, and the library's HubSpot v3 signer.
 */
export async function buildSignedRequest(options: SignedRequestOptions): Promise<SignedWebhookRequest> {
  const now = options.now ?? new Date();
  const base = { url: options.url, method: 'POST' as const };
  if (options.source === 'stripe') {
    const event = stripeEvent(options.type, { id: options.id, now });
    const body = JSON.stringify(event, null, 2);
    const signature = Stripe.webhooks.generateTestHeaderString({
      payload: body,
      secret: options.secret,
      timestamp: Math.floor(now.getTime() / 1000),
    });
    const headers = {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      'stripe-signature': signature,
    };
    return { ...base, headers, body, externalIds: [String(event.id)] };
  }
  if (options.source === 'github') {
    const body = JSON.stringify(githubEvent(options.type, { action: options.action, now }));
    const delivery = options.id ?? deliveryId();
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/6a1ddd2',
      'x-github-event': options.type,
      'x-github-delivery': delivery,
      'x-github-hook-id': String(numericId()),
      'x-hub-signature-256': await new Webhooks({ secret: options.secret }).sign(body),
    };
    return { ...base, headers, body, externalIds: [delivery] };
  }
  const events = hubspotEvents(options.type, {
    eventId: options.id ? Number(options.id) : undefined,
    propertyValue: options.value,
    count: options.count,
    now,
  });
  const body = JSON.stringify(events);
  const signed = hubSpotV3Headers({
    clientSecret: options.secret,
    method: 'POST',
    uri: options.url,
    body,
    timestamp: now.getTime(),
  });
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'HubSpot Connect 2.0 (http://dev.hubspot.com/)',
    ...lowerCaseKeys(signed),
  };
  return { ...base, headers, body, externalIds: events.map((e) => String(e.eventId)) };
}

/** The answer to a sent webhook. */
export interface SendResult {
  status: number;
  body: string;
}

/** POSTs a signed request. */
export async function sendWebhook(request: SignedWebhookRequest): Promise<SendResult> {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  return { status: response.status, body: await response.text() };
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
