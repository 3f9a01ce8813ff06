import { Migration } from '@mikro-orm/migrations';
import { Migration20261201400000IngestTraceContext } from './ingest-trace-context.migration.js';
import {
  Migration20261201500000InboundSource,
  Migration20261201500001HandlerState,
  Migration20261201500002RetentionIndex,
} from './inbound-source.migration.js';

/** Creates `ingest_event` with its dedupe key and the partial indexes the worker's claims use. */
export class Migration20261124000000IngestEvent extends Migration {
  override name = 'Migration20261124000000_ingest_event';

  override up(): void {
    this.addSql(`
      create table "ingest_event" (
        "id" varchar(40) not null primary key,
        "source" varchar(63) not null,
        "external_id" text not null,
        "type" text not null,
        "payload" jsonb not null,
        "raw_body" text not null,
        "headers" jsonb not null default '{}',
        "status" varchar(16) not null default 'pending'
          check ("status" in ('pending', 'processing', 'processed', 'failed')),
        "attempts" integer not null default 0,
        "next_attempt_at" timestamptz null,
        "last_error" text null,
        "lease_owner" varchar(128) null,
        "lease_expires_at" timestamptz null,
        "received_at" timestamptz not null,
        "processed_at" timestamptz null,
        "updated_at" timestamptz not null
      )`);
    this.addSql(
      'create unique index "ingest_event_source_external_id_unique" on "ingest_event" ("source", "external_id")',
    );
    // The worker's two claim conditions, each served by a small partial index.
    this.addSql(
      `create index "ingest_event_due_idx" on "ingest_event" ("next_attempt_at") where "status" = 'pending'`,
    );
    this.addSql(
      `create index "ingest_event_lease_idx" on "ingest_event" ("lease_expires_at") where "status" = 'processing'`,
    );
    // Listing newest first, optionally by status or by source and type.
    this.addSql('create index "ingest_event_status_id_idx" on "ingest_event" ("status", "id")');
    this.addSql('create index "ingest_event_source_type_id_idx" on "ingest_event" ("source", "type", "id")');
  }

  override down(): void {
    this.addSql('drop table if exists "ingest_event"');
  }
}

/** The ingest migrations, for the host's MikroORM `migrations.migrationsList`. */
export const IngestMigrations = [
  { name: 'Migration20261124000000_ingest_event', class: Migration20261124000000IngestEvent },
  { name: 'Migration20261201400000_ingest_trace_context', class: Migration20261201400000IngestTraceContext },
  { name: 'Migration20261201500000_inbound_source', class: Migration20261201500000InboundSource },
  { name: 'Migration20261201500001_handler_state', class: Migration20261201500001HandlerState },
  { name: 'Migration20261201500002_retention_index', class: Migration20261201500002RetentionIndex },
];
