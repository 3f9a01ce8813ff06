import type { EventTypeDefinition } from '@org/webhooks';

/**
 * The host app's event type catalogue: Rex's CRM events (seed 000) and the types the ingest bridge
 * publishes. Subscriptions and publishes with other types are refused.
 */
export const EVENT_TYPES: EventTypeDefinition[] = [
  {
    name: 'contact.created',
    description: 'A contact was created.',
    example: { id: 'con_01HQ3K', email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace' },
  },
  {
    name: 'contact.updated',
    description: 'A contact changed.',
    example: { id: 'con_01HQ3K', email: 'ada@example.com', changes: ['phone'] },
  },
  {
    name: 'deal.updated',
    description: 'A deal changed.',
    example: { id: 'deal_7731', name: 'Acme renewal', stage: 'negotiation', amount: 12000, currency: 'USD' },
  },
  {
    name: 'deal.won',
    description: 'A deal was closed won.',
    example: { id: 'deal_7731', name: 'Acme renewal', amount: 12000, currency: 'USD' },
  },
  {
    name: 'deal.lost',
    description: 'A deal was closed lost.',
    example: { id: 'deal_7731', name: 'Acme renewal', reason: 'budget' },
  },
  {
    name: 'task.created',
    description: 'A task was created.',
    example: { id: 'task_5521', title: 'Call Ada', due_at: '2026-03-20T09:00:00Z' },
  },
  {
    name: 'payment.succeeded',
    description: 'A Stripe payment succeeded (bridged from payment_intent.succeeded).',
    example: { id: 'pi_3N0', amount: 2000, currency: 'usd', customer: 'cus_9s6' },
  },
  {
    name: 'payment.refunded',
    description: 'A Stripe charge was refunded (bridged from charge.refunded).',
    example: { id: 'ch_3N0', amount_refunded: 2000, currency: 'usd' },
  },
  {
    name: 'github.push',
    description: 'Commits were pushed to a GitHub repository.',
    example: { repository: 'org/app', ref: 'refs/heads/main', commits: 2 },
  },
  {
    name: 'github.pull_request',
    description: 'A GitHub pull request changed.',
    example: { repository: 'org/app', number: 42, action: 'opened' },
  },
];
