import { Migration } from '@mikro-orm/migrations';

/**
 * What the other documented systems need (issue 8):
 * - `webhook_subscription.format`: how deliveries are shaped (`raw`, `slack`, `discord`).
 * - `webhook_delivery.test`: test deliveries (`/ping`, `/test`) are recorded in the log. Their
 *   event is a synthetic sample that is never stored (it must not reach other subscriptions, the
 *   event log or a replay), so such an attempt cannot reference `webhook_event`: the foreign key
 *   goes. Nothing relied on its cascade: pruning deletes only events that no attempt refers to.
 */
export class Migration20261201200000_seed_parity extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table webhook_subscription
        add column format text not null default 'raw' check (format in ('raw', 'slack', 'discord'));`);
    this.addSql(`
      alter table webhook_delivery
        drop constraint if exists webhook_delivery_event_id_fkey,
        add column test boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql('delete from webhook_delivery where test;');
    this.addSql(`
      alter table webhook_delivery drop column test,
        add constraint webhook_delivery_event_id_fkey foreign key (event_id) references webhook_event (id) on delete cascade;`);
    this.addSql('alter table webhook_subscription drop column format;');
  }
}
