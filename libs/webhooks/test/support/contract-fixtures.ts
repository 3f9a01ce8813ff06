import { newId } from '@org/common';
import type { AttemptOutcome, ClaimedDelivery } from '../../src/interfaces/delivery.interface.js';
import type { SubscriptionRecord } from '../../src/interfaces/subscription.interface.js';
import type { EventRecord } from '../../src/interfaces/webhook-event.interface.js';
import type { EventStore, InsertedEvent } from '../../src/storage/event-store.interface.js';
import type { TransactionContext } from '../../src/storage/transaction-context.js';
import { DEFAULT_DELIVERY_SETTINGS } from '../../src/subscriptions/delivery-settings.js';

/** A complete subscription record for store tests; override any field. */
export function aSubscription(overrides: Partial<SubscriptionRecord> = {}): SubscriptionRecord {
  const at = new Date('2026-03-16T12:00:00.000Z');
  return {
    id: newId('whk'),
    workspace: null,
    name: 'CRM Sync',
    url: 'https://example.com/webhooks/rex',
    description: 'Production webhook',
    eventTypes: ['contact.created', 'deal.*'],
    metadata: { team: 'crm', nested: { tier: 2, tags: ['a', "it's"] } },
    format: 'raw',
    status: 'active',
    disabledReason: null,
    failureCount: 0,
    secrets: [{ ciphertext: 'v1.nonce.tag.body', createdAt: at, expiresAt: null }],
    credentials: [],
    tls: null,
    oauth2: null,
    lastDeliveredAt: null,
    createdAt: at,
    updatedAt: at,
    ...DEFAULT_DELIVERY_SETTINGS,
    heldUntil: null,
    filter: null,
    ...overrides,
  };
}

/** A complete event record for store tests; override any field. */
export function anEvent(overrides: Partial<EventRecord> = {}): EventRecord {
  const id = overrides.id ?? newId('evt');
  const type = overrides.type ?? 'contact.created';
  const createdAt = overrides.createdAt ?? new Date('2026-03-16T12:00:00.000Z');
  return {
    id,
    workspace: null,
    type,
    payload: JSON.stringify({
      id,
      event: type,
      created_at: createdAt.toISOString(),
      data: { name: 'Ada', quote: 'it\'s \\ "x" ?' },
    }),
    idempotencyKey: null,
    createdAt,
    ...overrides,
  };
}

/** Stores one event through {@link EventStore.insertEvents} and answers its result. */
export async function insertOne(
  store: EventStore,
  event: EventRecord,
  context?: TransactionContext,
): Promise<InsertedEvent> {
  return (await store.insertEvents([event], context))[0];
}

/** The outcome of attempting `claim` at `at`: a 200 or a 500 with its record; override any field. */
export function outcome(
  claim: ClaimedDelivery,
  ok: boolean,
  at: Date,
  extra: Partial<AttemptOutcome> = {},
): AttemptOutcome {
  return {
    deliveryId: claim.id,
    leaseToken: claim.leaseToken,
    subscriptionId: claim.subscriptionId,
    ok,
    httpStatus: ok ? 200 : 500,
    error: ok ? null : 'HTTP 500',
    responseBody: ok ? 'ok' : 'boom',
    durationMs: 12,
    attemptedAt: at,
    next: null,
    url: 'https://example.com/hook',
    requestHeaders: { 'content-type': 'application/json' },
    responseHeaders: {},
    errorClass: ok ? null : 'http_status',
    holdUntil: null,
    backoff: false,
    gone: false,
    ...extra,
  };
}
