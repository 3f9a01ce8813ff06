/**
 * Pure mappings from third-party payloads to the `data` of the outbound events the bridge publishes.
 * They keep what a subscriber needs and the source ids to correlate with, never secrets or whole
 * third-party objects (which change shape without notice).
 */

type Json = Record<string, unknown>;

function object(value: unknown): Json {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function maybe<T>(value: T | undefined): T | null {
  return value === undefined ? null : value;
}

/** `payment_intent.succeeded` → `payment.succeeded`. */
export function stripePaymentSucceeded(event: Json): Json {
  const intent = object(object(event.data).object);
  return {
    id: maybe(intent.id),
    amount: maybe(intent.amount_received ?? intent.amount),
    currency: maybe(intent.currency),
    customer: maybe(intent.customer),
    description: maybe(intent.description),
    metadata: object(intent.metadata),
    source: { provider: 'stripe', event_id: maybe(event.id), livemode: maybe(event.livemode) },
  };
}

/** `charge.refunded` → `payment.refunded`. */
export function stripeChargeRefunded(event: Json): Json {
  const charge = object(object(event.data).object);
  return {
    id: maybe(charge.id),
    payment_intent: maybe(charge.payment_intent),
    amount: maybe(charge.amount),
    amount_refunded: maybe(charge.amount_refunded),
    currency: maybe(charge.currency),
    customer: maybe(charge.customer),
    source: { provider: 'stripe', event_id: maybe(event.id), livemode: maybe(event.livemode) },
  };
}

/** GitHub `push` → `github.push`. */
export function githubPush(payload: Json, deliveryId: string): Json {
  const repository = object(payload.repository);
  const commits = Array.isArray(payload.commits) ? (payload.commits as Json[]) : [];
  return {
    repository: maybe(repository.full_name),
    ref: maybe(payload.ref),
    before: maybe(payload.before),
    after: maybe(payload.after),
    pusher: maybe(object(payload.pusher).name),
    commits: commits.map((commit) => ({
      id: maybe(commit.id),
      message: maybe(commit.message),
      url: maybe(commit.url),
    })),
    source: { provider: 'github', delivery_id: deliveryId },
  };
}

/** GitHub `pull_request` → `github.pull_request`. */
export function githubPullRequest(payload: Json, deliveryId: string): Json {
  const pull = object(payload.pull_request);
  return {
    repository: maybe(object(payload.repository).full_name),
    action: maybe(payload.action),
    number: maybe(payload.number ?? pull.number),
    title: maybe(pull.title),
    state: maybe(pull.state),
    merged: maybe(pull.merged),
    url: maybe(pull.html_url),
    author: maybe(object(pull.user).login),
    source: { provider: 'github', delivery_id: deliveryId },
  };
}

/** HubSpot `contact.creation` → `contact.created`. */
export function hubspotContactCreated(event: Json): Json {
  return {
    id: event.objectId === undefined ? null : String(event.objectId),
    portal_id: maybe(event.portalId),
    occurred_at: typeof event.occurredAt === 'number' ? new Date(event.occurredAt).toISOString() : null,
    source: { provider: 'hubspot', event_id: maybe(event.eventId) },
  };
}

/** The outbound type of a HubSpot deal stage change, or `null` when the stage is not closed. */
export function hubspotDealOutcome(event: Json): 'deal.won' | 'deal.lost' | null {
  if (event.propertyName !== 'dealstage') return null;
  if (event.propertyValue === 'closedwon') return 'deal.won';
  if (event.propertyValue === 'closedlost') return 'deal.lost';
  return null;
}

/** HubSpot `deal.propertyChange` of `dealstage` to closedwon/closedlost → `deal.won` / `deal.lost`. */
export function hubspotDealClosed(event: Json): Json {
  return {
    id: event.objectId === undefined ? null : String(event.objectId),
    stage: maybe(event.propertyValue),
    portal_id: maybe(event.portalId),
    occurred_at: typeof event.occurredAt === 'number' ? new Date(event.occurredAt).toISOString() : null,
    source: { provider: 'hubspot', event_id: maybe(event.eventId) },
  };
}
