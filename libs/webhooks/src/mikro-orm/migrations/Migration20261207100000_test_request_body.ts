import { Migration } from '@mikro-orm/migrations';

/**
 * The body a test delivery (ping) sent, kept on its attempt row: its sample event is never stored as
 * an event, and the portal shows what was sent. Nullable and set only by test deliveries (a real
 * attempt's body is its event's); adding it rewrites no partition.
 */
export class Migration20261207100000_test_request_body extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table webhook_delivery add column request_body text;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table webhook_delivery drop column request_body;`);
  }
}
