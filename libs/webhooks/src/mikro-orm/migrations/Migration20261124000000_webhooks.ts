import { Migration } from '@mikro-orm/migrations';

/**
 * The outbound webhooks schema. Hand-written because the hot path relies on partial indexes and SQL
 * functions that entity metadata cannot express.
 * - `webhook_event` is the outbox: `fanned_out_at is null` marks events still to fan out, claimed with
 *   `FOR UPDATE SKIP LOCKED` (never a cursor over ids, which can skip late-committing events).
 * - `webhook_delivery` holds one row per attempt (`whd_`): pending rows are the queue, finished rows
 *   the delivery log.
 */
export class Migration20261124000000_webhooks extends Migration {
  override async up(): Promise<void> {
    // A ULID-style id made in SQL, for rows created set-based (fan-out, replay): the prefix, 10
    // Crockford base32 chars of milliseconds and 16 random ones, so ids sort by creation time.
    this.addSql(`
      create or replace function webhooks_new_id(prefix text) returns text language plpgsql volatile as $$
      declare
        alphabet constant text := '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
        ms bigint := floor(extract(epoch from clock_timestamp()) * 1000);
        bytes bytea := decode(replace(gen_random_uuid()::text, '-', ''), 'hex');
        out text := '';
        i int;
      begin
        for i in 1..10 loop
          out := substr(alphabet, (ms % 32)::int + 1, 1) || out;
          ms := ms / 32;
        end loop;
        for i in 0..15 loop
          out := out || substr(alphabet, (get_byte(bytes, i) % 32) + 1, 1);
        end loop;
        return prefix || '_' || out;
      end $$;`);
    // Every pattern that matches an event type: '*', the type itself and each 'prefix.*'
    // ('deal.won' -> {*, deal.won, deal.*}), so matching is one array-overlap test ('&&').
    // PL/pgSQL with a plain loop: an SQL body with a sub-select cannot be inlined and cost about
    // 30 µs per call, once per event of every fan-out.
    this.addSql(`
      create or replace function webhooks_type_patterns(event_type text) returns text[] language plpgsql immutable parallel safe as $$
      declare
        parts text[] := string_to_array(event_type, '.');
        result text[] := array['*', event_type];
        prefix text;
      begin
        for i in 1..coalesce(cardinality(parts), 0) - 1 loop
          prefix := case when i = 1 then parts[1] else prefix || '.' || parts[i] end;
          result := result || (prefix || '.*');
        end loop;
        return result;
      end $$;`);

    this.addSql(`
      create table webhook_subscription (
        id text primary key,
        workspace text,
        name text not null,
        url text not null,
        description text,
        event_types text[] not null,
        metadata jsonb not null default '{}',
        status text not null check (status in ('active', 'paused', 'disabled')),
        disabled_reason text,
        failure_count integer not null default 0,
        secrets jsonb not null,
        last_delivered_at timestamptz,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        deleted_at timestamptz
      );`);
    this.addSql(
      `create index webhook_subscription_workspace_id on webhook_subscription (workspace, id) where deleted_at is null;`,
    );
    this.addSql(
      `create index webhook_subscription_event_types on webhook_subscription using gin (event_types) where deleted_at is null;`,
    );

    this.addSql(`
      create table webhook_event (
        id text primary key,
        workspace text,
        type text not null,
        payload text not null,
        idempotency_key text,
        created_at timestamptz not null,
        fanned_out_at timestamptz
      );`);
    this.addSql(
      `create unique index webhook_event_idempotency on webhook_event (coalesce(workspace, ''), idempotency_key) where idempotency_key is not null;`,
    );
    this.addSql(`create index webhook_event_unfanned on webhook_event (id) where fanned_out_at is null;`);
    this.addSql(`create index webhook_event_workspace_id on webhook_event (workspace, id);`);
    this.addSql(`create index webhook_event_type_id on webhook_event (type, id);`);

    this.addSql(`
      create table webhook_delivery (
        id text primary key,
        subscription_id text not null references webhook_subscription (id) on delete cascade,
        event_id text not null references webhook_event (id) on delete cascade,
        event_type text not null,
        workspace text,
        attempt integer not null,
        status text not null check (status in ('pending', 'success', 'failed', 'cancelled')),
        next_attempt_at timestamptz not null,
        lease_token text,
        lease_expires_at timestamptz,
        http_status integer,
        error text,
        response_body text,
        duration_ms integer,
        attempted_at timestamptz,
        created_at timestamptz not null
      ) with (fillfactor = 70);`);
    this.addSql(
      `create index webhook_delivery_due on webhook_delivery (next_attempt_at) where status = 'pending';`,
    );
    this.addSql(`create index webhook_delivery_subscription_id on webhook_delivery (subscription_id, id);`);
    this.addSql(`create index webhook_delivery_workspace_id on webhook_delivery (workspace, id);`);
    this.addSql(`create index webhook_delivery_event_id on webhook_delivery (event_id);`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists webhook_delivery;');
    this.addSql('drop table if exists webhook_event;');
    this.addSql('drop table if exists webhook_subscription;');
    this.addSql('drop function if exists webhooks_type_patterns(text);');
    this.addSql('drop function if exists webhooks_new_id(text);');
  }
}
