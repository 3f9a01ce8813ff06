/**
 * Pure mappings from third-party payloads to the `data` of the outbound events the bridge publishes.
 * They keep what a subscriber needs and the source ids to correlate with, never secrets or whole
 * third-party objects (which change shape without notice).
 */

import type { EventPayload } from '@org/webhooks';
import type {
  GithubPullRequest,
  GithubPush,
  PaymentRefunded,
  PaymentSucceeded,
} from '../events/bridged.events.js';
import type { ContactCreatedData, DealClosedData } from '../events/rex.events.js';

type Json = Record<string, unknown>;

function object(value: unknown): Json {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

// A field of the provider's payload, or null when it is absent or not of the type the event's schema
// promises (a provider's change of shape must not make the published event refused, and retried).
function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function integer(value: unknown): number | null {
  return Number.isInteger(value) ? (value as number) : null;
}

function flag(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

/** `payment_intent.succeeded` → `payment.succeeded`. */
export function stripePaymentSucceeded(event: Json): EventPayload<PaymentSucceeded> {
  const intent = object(object(event.data).object);
  return {
    id: text(intent.id),
    amount: integer(intent.amount_received ?? intent.amount),
    currency: text(intent.currency),
    customer: text(intent.customer),
    description: text(intent.description),
    metadata: object(intent.metadata),
    source: { provider: 'stripe', event_id: text(event.id), livemode: flag(event.livemode) },
  };
}

/** `charge.refunded` → `payment.refunded`. */
export function stripeChargeRefunded(event: Json): EventPayload<PaymentRefunded> {
  const charge = object(object(event.data).object);
  return {
    id: text(charge.id),
    payment_intent: text(charge.payment_intent),
    amount: integer(charge.amount),
    amount_refunded: integer(charge.amount_refunded),
    currency: text(charge.currency),
    customer: text(charge.customer),
    source: { provider: 'stripe', event_id: text(event.id), livemode: flag(event.livemode) },
  };
}

/** GitHub `push` → `github.push`. */
export function githubPush(payload: Json, deliveryId: string): EventPayload<GithubPush> {
  const repository = object(payload.repository);
  const commits = Array.isArray(payload.commits) ? (payload.commits as unknown[]).map(object) : [];
  return {
    repository: text(repository.full_name),
    ref: text(payload.ref),
    before: text(payload.before),
    after: text(payload.after),
    pusher: text(object(payload.pusher).name),
    commits: commits.map((commit) => ({
      id: text(commit.id),
      message: text(commit.message),
      url: text(commit.url),
    })),
    source: { provider: 'github', delivery_id: deliveryId },
  };
}

/** GitHub `pull_request` → `github.pull_request`. */
export function githubPullRequest(payload: Json, deliveryId: string): EventPayload<GithubPullRequest> {
  const pull = object(payload.pull_request);
  return {
    repository: text(object(payload.repository).full_name),
    action: text(payload.action),
    number: integer(payload.number ?? pull.number),
    title: text(pull.title),
    state: text(pull.state),
    merged: flag(pull.merged),
    url: text(pull.html_url),
    author: text(object(pull.user).login),
    source: { provider: 'github', delivery_id: deliveryId },
  };
}

/** HubSpot `contact.creation` → `contact.created`. */
export function hubspotContactCreated(event: Json): ContactCreatedData {
  return {
    id: hubspotId(event.objectId),
    portal_id: integer(event.portalId),
    occurred_at: hubspotTime(event.occurredAt),
    source: { provider: 'hubspot', event_id: hubspotId(event.eventId) },
  };
}

// HubSpot sends ids as numbers; ours are strings.
function hubspotId(value: unknown): string | null {
  return typeof value === 'number' || typeof value === 'string' ? String(value) : null;
}

function hubspotTime(value: unknown): string | null {
  return typeof value === 'number' && Number.isFinite(value) ? new Date(value).toISOString() : null;
}

/** The outbound type of a HubSpot deal stage change, or `null` when the stage is not closed. */
export function hubspotDealOutcome(event: Json): 'deal.won' | 'deal.lost' | null {
  if (event.propertyName !== 'dealstage') return null;
  if (event.propertyValue === 'closedwon') return 'deal.won';
  if (event.propertyValue === 'closedlost') return 'deal.lost';
  return null;
}

/** HubSpot `deal.propertyChange` of `dealstage` to closedwon/closedlost → `deal.won` / `deal.lost`. */
export function hubspotDealClosed(event: Json): DealClosedData {
  return {
    id: hubspotId(event.objectId),
    stage: text(event.propertyValue),
    portal_id: integer(event.portalId),
    occurred_at: hubspotTime(event.occurredAt),
    source: { provider: 'hubspot', event_id: hubspotId(event.eventId) },
  };
}
