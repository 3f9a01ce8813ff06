import type { EventTypeDefinition } from '@org/webhooks';

/**
 * The host app's event type catalogue: Rex's CRM events (seed 000), the types the ingest bridge
 * publishes, and the events Apex (seed 003) and Repull (seed 004) document, so their example
 * requests subscribe to types that exist. Subscriptions and publishes with other types are refused.
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
  // Apex (seed 003)
  {
    name: 'lead.created',
    description: 'A new lead is identified via identity stitching.',
    example: { id: 'lead_01', email: 'ada@example.com', source: 'hubspot' },
  },
  {
    name: 'lead.updated',
    description: "A lead's data or attribution changes.",
    example: { id: 'lead_01', changes: ['attribution'] },
  },
  {
    name: 'experiment.started',
    description: 'An experiment transitions to running.',
    example: { id: 'exp_12', name: 'Pricing page CTA', variants: 2 },
  },
  {
    name: 'experiment.completed',
    description: 'An experiment reaches statistical significance or is manually stopped.',
    example: { id: 'exp_12', name: 'Pricing page CTA', winner: 'B', significance: 0.97 },
  },
  {
    name: 'goal.reached',
    description: 'A goal hits its target value.',
    example: { id: 'goal_3', name: 'Q2 signups', target: 1000, value: 1004 },
  },
  {
    name: 'connector.synced',
    description: 'A connector sync completes successfully.',
    example: { id: 'conn_hubspot', records: 312 },
  },
  {
    name: 'connector.error',
    description: 'A connector sync fails.',
    example: { id: 'conn_hubspot', error: 'token expired' },
  },
  // Repull (seed 004)
  {
    name: 'reservation.created',
    description: 'A reservation was created.',
    example: {
      id: 'res_8812',
      listing_id: 'lst_204',
      guest: { name: 'Ada Lovelace', email: 'ada@example.com' },
      check_in: '2026-07-01',
      check_out: '2026-07-05',
      total: { amount: 84000, currency: 'USD' },
    },
  },
  {
    name: 'reservation.updated',
    description: 'A reservation changed.',
    example: { id: 'res_8812', changes: ['check_out'], check_out: '2026-07-06' },
  },
  {
    name: 'reservation.cancelled',
    description: 'A reservation was cancelled.',
    example: { id: 'res_8812', cancelled_by: 'guest', reason: 'change of plans' },
  },
  {
    name: 'message.received',
    description: 'A guest message was received.',
    example: { id: 'msg_301', reservation_id: 'res_8812', body: 'What time is check-in?' },
  },
];
