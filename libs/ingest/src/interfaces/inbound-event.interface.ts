/** Where a stored inbound event is in its life: stored → claimed by a worker → done or given up. */
export type InboundEventStatus = 'pending' | 'processing' | 'processed' | 'failed';

/** Every status, for validation and documentation. */
export const INBOUND_EVENT_STATUSES: readonly InboundEventStatus[] = [
  'pending',
  'processing',
  'processed',
  'failed',
];

/**
 * A verified inbound webhook event as handlers receive it. One HTTP request yields one event, except
 * HubSpot, whose requests carry a batch: each element becomes its own event.
 */
export interface InboundEvent<TPayload = unknown> {
  /** Our id of the stored event (`iev_…`). */
  id: string;
  /**
   * The source it came through: a configured name (`stripe`, `github`, `hubspot`, or a name you
   * configured), or the id (`src_…`) of a source created over the API.
   */
  source: string;
  /** The type of a source created over the API (`stripe`, `slack`, …); `null` for configured sources. */
  sourceType: string | null;
  /** The workspace of the source: `null` for configured sources, else the creating key's workspace. */
  workspace: string | null;
  /**
   * The sender's event type: Stripe `type` (`payment_intent.succeeded`), the raw `X-GitHub-Event`
   * (`push`, `pull_request`; the action is `payload.action`), HubSpot `subscriptionType`
   * (`contact.creation`, `deal.propertyChange`), Standard Webhooks `type`, or per the HMAC source's settings.
   */
  type: string;
  /** The sender's own id, the dedupe key: Stripe event id, `X-GitHub-Delivery`, HubSpot `eventId`, `webhook-id`. */
  externalId: string;
  /** The parsed body (for HubSpot, this event's element of the batch). */
  payload: TPayload;
  /** Request headers kept with the event (lower-cased names; signatures are not kept). */
  headers: Record<string, string>;
  /** When the request was received. */
  receivedAt: Date;
  /** Which attempt this is, starting at 1. */
  attempt: number;
}

/**
 * What a handler gets besides the event. With the MikroORM store, `em` is the forked, transactional
 * `EntityManager` the event is marked processed with: what a handler writes through it commits if and
 * only if the event is marked processed (and is rolled back when any handler throws). With the
 * in-memory store `em` is `undefined`.
 */
export interface InboundContext<TTransaction = unknown> {
  /** The store's transaction (MikroORM: an `EntityManager`), or `undefined` for stores without one. */
  em: TTransaction | undefined;
}

/** The outcome so far of one `@OnWebhook` handler for one event. */
export interface HandlerState {
  /** `succeeded` handlers are not run again by a retry (a replay runs every handler). */
  status: 'succeeded' | 'failed';
  /** Runs of this handler for the event. */
  attempts: number;
  /** The handler's last error, kept after a later success for the record. */
  lastError: string | null;
  lastAttemptAt: Date;
}

/** A stored inbound event with its processing state, as stores return it. */
export interface InboundEventRecord {
  id: string;
  source: string;
  sourceType: string | null;
  workspace: string | null;
  type: string;
  externalId: string;
  payload: unknown;
  /** The exact request body, as text (for HubSpot batches, the whole batch). */
  rawBody: string;
  headers: Record<string, string>;
  status: InboundEventStatus;
  /** Attempts started so far (a claim counts as an attempt). */
  attempts: number;
  /** When a pending event is due; `null` once processed or failed. */
  nextAttemptAt: Date | null;
  /** The last handler error, kept after later success for the record. */
  lastError: string | null;
  /** Each handler's outcome, by handler id (`ClassName.method`). */
  handlers: Record<string, HandlerState>;
  /** The worker holding the event while it is `processing`. */
  leaseOwner: string | null;
  /** When a `processing` event's lease runs out and another worker may take it over. */
  leaseExpiresAt: Date | null;
  receivedAt: Date;
  processedAt: Date | null;
  updatedAt: Date;
  /** The stored `traceparent` of the receive span (the handler runs' parent), `null` when untraced. */
  traceContext?: string | null;
}
