import { Migration } from '@mikro-orm/migrations';

/** The receive span's W3C `traceparent`, kept with the event so handler runs continue its trace. */
export class Migration20261201400000IngestTraceContext extends Migration {
  override name = 'Migration20261201400000_ingest_trace_context';

  override up(): void {
    this.addSql('alter table "ingest_event" add column "trace_context" text');
  }

  override down(): void {
    this.addSql('alter table "ingest_event" drop column "trace_context"');
  }
}
