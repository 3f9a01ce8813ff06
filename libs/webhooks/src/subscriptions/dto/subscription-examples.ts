/** Example values shared by the subscription DTOs' Swagger metadata (from the Rex seed). */
export const SUBSCRIPTION_EXAMPLES = {
  id: 'whk_01JD3K7Q8XGZ4M5N6P7R8S9T0V',
  name: 'CRM Sync',
  url: 'https://example.com/webhooks/rex',
  description: 'Production webhook',
  eventTypes: ['contact.created', 'deal.won', 'deal.lost'],
  metadata: { team: 'crm' },
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw1IIeKE9zxs8=',
  at: '2026-03-16T12:00:00.000Z',
} as const;

/** The rule event type patterns follow, for validation messages and Swagger. */
export const EVENT_TYPE_PATTERN_RULE = 'event types like contact.created, deal.* or *';

/** The rule a caller-chosen secret follows. */
export const CALLER_SECRET_RULE = 'printable ASCII characters without spaces';
