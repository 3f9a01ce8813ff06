import { Migration } from '@mikro-orm/migrations';

/**
 * Sources as data: `inbound_source`, and on `ingest_event` the workspace the event belongs to and the
 * type of the source it came through (both null for sources configured at start-up).
 */
export class Migration20261201500000InboundSource extends Migration {
  override name = 'Migration20261201500000_inbound_source';

  override up(): void {
    this.addSql(`
      create table "inbound_source" (
        "id" varchar(40) not null primary key,
        "workspace" varchar(255) null,
        "name" varchar(255) not null,
        "type" varchar(32) not null,
        "options" jsonb not null default '{}',
        "secrets" jsonb not null default '[]',
        "created_at" timestamptz not null,
        "updated_at" timestamptz not null
      )`);
    this.addSql('create index "inbound_source_workspace_id_idx" on "inbound_source" ("workspace", "id")');
    this.addSql('alter table "ingest_event" add column "workspace" varchar(255) null');
    this.addSql('alter table "ingest_event" add column "source_type" varchar(32) null');
    // A workspace's log, newest first.
    this.addSql('create index "ingest_event_workspace_id_idx" on "ingest_event" ("workspace", "id")');
  }

  override down(): void {
    this.addSql('drop index if exists "ingest_event_workspace_id_idx"');
    this.addSql('alter table "ingest_event" drop column "source_type"');
    this.addSql('alter table "ingest_event" drop column "workspace"');
    this.addSql('drop table if exists "inbound_source"');
  }
}

/** Per-handler state: each `@OnWebhook` handler's outcome for an event, by handler id. */
export class Migration20261201500001HandlerState extends Migration {
  override name = 'Migration20261201500001_handler_state';

  override up(): void {
    this.addSql(`alter table "ingest_event" add column "handler_state" jsonb not null default '{}'`);
  }

  override down(): void {
    this.addSql('alter table "ingest_event" drop column "handler_state"');
  }
}

/** Retention: finished events are pruned by age, found through this partial index. */
export class Migration20261201500002RetentionIndex extends Migration {
  override name = 'Migration20261201500002_retention_index';

  override up(): void {
    this.addSql(
      `create index "ingest_event_finished_received_at_idx" on "ingest_event" ("received_at") where "status" in ('processed', 'failed')`,
    );
  }

  override down(): void {
    this.addSql('drop index if exists "ingest_event_finished_received_at_idx"');
  }
}
