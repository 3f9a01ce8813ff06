import { Migration } from '@mikro-orm/migrations';

/**
 * Payload filters: `filter` as the API took it, and `filter_path`, the same filter compiled to an
 * SQL/JSON path predicate when it is stored, which the fan-out statement matches each event against
 * (`jsonb_path_match`). Both null: every event the subscription's types cover. Nullable columns
 * without a default: adding them rewrites nothing.
 */
export class Migration20261207200000_subscription_filter extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table webhook_subscription add column filter jsonb, add column filter_path jsonpath;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table webhook_subscription drop column filter, drop column filter_path;`);
  }
}
