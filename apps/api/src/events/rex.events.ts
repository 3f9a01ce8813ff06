import type { EventTypeDefinition } from '@org/webhooks';

// Rex's CRM events (seed 000), published by API callers and, for contacts and closed deals, bridged
// from HubSpot. A CRM record carries its account's custom fields beside the ones named here, so these
// are declared as plain definitions with open JSON Schemas (`additionalProperties: true`): a named
// field is checked when present (its type, its format), any other field is kept as sent. Each schema
// has its TypeScript twin below, for `WebhooksService<RexEvents>` (the bridge publishes through it).

const text = { type: 'string' };
const nullableText = { type: ['string', 'null'] };
const instant = { type: ['string', 'null'], format: 'date-time' };
const amount = { type: 'number', minimum: 0 };

/** What a bridged HubSpot event adds: the portal, when HubSpot saw it, and the original event. */
const hubspotFields = {
  portal_id: { type: ['integer', 'null'], description: 'HubSpot portal (bridged events).' },
  occurred_at: { ...instant, description: 'When HubSpot saw it (bridged events).' },
  source: {
    type: 'object',
    description: 'The third party that sent the original webhook (bridged events).',
    properties: { provider: { const: 'hubspot' }, event_id: nullableText },
    required: ['provider'],
    additionalProperties: false,
  },
};

/** An open object schema: the named properties typed, any other kept. */
function record(properties: Record<string, unknown>): Record<string, unknown> {
  return { type: 'object', properties, additionalProperties: true };
}

/** The bridged HubSpot part of a contact or deal event (see {@link hubspotFields}). */
export interface HubspotFields {
  portal_id?: number | null;
  occurred_at?: string | null;
  source?: { provider: 'hubspot'; event_id: string | null };
}

/** `data` of `contact.created`. */
export interface ContactCreatedData extends HubspotFields {
  id?: string | null;
  email?: string;
  first_name?: string;
  last_name?: string;
  [custom: string]: unknown;
}

/** `data` of `contact.updated`. */
export interface ContactUpdatedData {
  id?: string;
  email?: string;
  changes?: string[];
  [custom: string]: unknown;
}

/** `data` of `deal.updated`. */
export interface DealUpdatedData {
  id?: string;
  name?: string;
  stage?: string;
  amount?: number;
  currency?: string;
  [custom: string]: unknown;
}

/** `data` of `deal.won` and `deal.lost`. */
export interface DealClosedData extends HubspotFields {
  id?: string | null;
  name?: string;
  amount?: number;
  currency?: string;
  stage?: string | null;
  reason?: string;
  [custom: string]: unknown;
}

/** `data` of `task.created`. */
export interface TaskCreatedData {
  id?: string;
  title?: string;
  due_at?: string;
  [custom: string]: unknown;
}

/** Rex's event types and the TypeScript type of each one's `data`. */
export interface RexEvents {
  'contact.created': ContactCreatedData;
  'contact.updated': ContactUpdatedData;
  'deal.updated': DealUpdatedData;
  'deal.won': DealClosedData;
  'deal.lost': DealClosedData;
  'task.created': TaskCreatedData;
}

const dealClosed = {
  id: { ...nullableText, description: 'The deal (HubSpot: its object id).' },
  name: text,
  amount,
  currency: text,
  stage: { ...nullableText, description: 'The closing stage (bridged: closedwon or closedlost).' },
  ...hubspotFields,
};

/** Rex's catalogue entries, in the order the console lists them. */
export const REX_EVENT_TYPES: EventTypeDefinition[] = [
  {
    name: 'contact.created',
    description: 'A contact was created.',
    example: { id: 'con_01HQ3K', email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace' },
    schema: record({
      id: { ...nullableText, description: 'The contact (HubSpot: its object id).' },
      email: { type: 'string', format: 'email' },
      first_name: text,
      last_name: text,
      ...hubspotFields,
    }),
  },
  {
    name: 'contact.updated',
    description: 'A contact changed.',
    example: { id: 'con_01HQ3K', email: 'ada@example.com', changes: ['phone'] },
    schema: record({
      id: text,
      email: { type: 'string', format: 'email' },
      changes: { type: 'array', items: text, description: 'The names of the fields that changed.' },
    }),
  },
  {
    name: 'deal.updated',
    description: 'A deal changed.',
    example: { id: 'deal_7731', name: 'Acme renewal', stage: 'negotiation', amount: 12000, currency: 'USD' },
    schema: record({ id: text, name: text, stage: text, amount, currency: text }),
  },
  {
    name: 'deal.won',
    description: 'A deal was closed won.',
    example: { id: 'deal_7731', name: 'Acme renewal', amount: 12000, currency: 'USD' },
    schema: record(dealClosed),
  },
  {
    name: 'deal.lost',
    description: 'A deal was closed lost.',
    example: { id: 'deal_7731', name: 'Acme renewal', reason: 'budget' },
    schema: record({ ...dealClosed, reason: text }),
  },
  {
    name: 'task.created',
    description: 'A task was created.',
    example: { id: 'task_5521', title: 'Call Ada', due_at: '2026-03-20T09:00:00Z' },
    schema: record({ id: text, title: text, due_at: { type: 'string', format: 'date-time' } }),
  },
];
