import { Migration } from '@mikro-orm/migrations';

/**
 * Endpoint-aware delivery (issue #9).
 * - `webhook_subscription`: per-subscription settings (`retry_schedule`, `timeout_ms`, `rate_limit`,
 *   `max_in_flight`, `ordering`), the endpoint's hold (`held_until`: Retry-After or back-off, which the
 *   claim respects; `backoff_level`: consecutive back-pressure answers) and the rate limit's time-slot
 *   counter (`rate_slot`, `rate_slot_count`), updated by the claim under the row lock so every
 *   instance counts against the same slot.
 * - `webhook_event.sequence`: the publish order, assigned at fan-out under one advisory lock, so it
 *   follows commit order even with concurrent publishers and several instances (an id is assigned
 *   before commit and cannot be that order). Copied into `webhook_delivery.sequence`, which FIFO
 *   subscriptions are delivered by.
 * - `webhook_delivery`: the full attempt record (URL snapshot, request and response headers, error
 *   class) and, on a failed attempt with one left, `retry_at`: when the next is due.
 */
export class Migration20261201300000_endpoint_delivery extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table webhook_subscription
        add column retry_schedule text,
        add column timeout_ms integer,
        add column rate_limit integer,
        add column max_in_flight integer,
        add column ordering text not null default 'none' check (ordering in ('none', 'fifo')),
        add column held_until timestamptz,
        add column backoff_level integer not null default 0,
        add column rate_slot timestamptz,
        add column rate_slot_count integer not null default 0;`);
    this.addSql(`create sequence webhook_event_sequence;`);
    this.addSql(`alter table webhook_event add column sequence bigint;`);
    this.addSql(`
      alter table webhook_delivery
        add column sequence bigint,
        add column url text,
        add column request_headers jsonb,
        add column response_headers jsonb,
        add column error_class text,
        add column retry_at timestamptz;`);
    // The head of each FIFO subscription's queue is one index probe.
    this.addSql(
      `create index webhook_delivery_fifo on webhook_delivery (subscription_id, sequence, id) where status = 'pending';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists webhook_delivery_fifo;');
    this
      .addSql(`alter table webhook_delivery drop column sequence, drop column url, drop column request_headers,
      drop column response_headers, drop column error_class, drop column retry_at;`);
    this.addSql('alter table webhook_event drop column sequence;');
    this.addSql('drop sequence if exists webhook_event_sequence;');
    this.addSql(`alter table webhook_subscription drop column retry_schedule, drop column timeout_ms,
      drop column rate_limit, drop column max_in_flight, drop column ordering, drop column held_until,
      drop column backoff_level, drop column rate_slot, drop column rate_slot_count;`);
  }
}
