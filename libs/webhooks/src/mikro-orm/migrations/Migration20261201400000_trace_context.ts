import { Migration } from '@mikro-orm/migrations';

/**
 * The publish's W3C `traceparent` kept with the event, so attempts made by any instance, also after
 * a restart, continue the publish's trace. Nullable: events published untraced (or before this) have none.
 */
export class Migration20261201400000_trace_context extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table webhook_event add column trace_context text;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table webhook_event drop column trace_context;`);
  }
}
