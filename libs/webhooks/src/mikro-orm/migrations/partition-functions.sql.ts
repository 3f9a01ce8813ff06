// The partition functions of Migration20261202100000_partitioned_history, created by it and called by
// PartitionMaintenance. Part of that migration: a change to them is a new migration.

/** Key of the advisory lock partition changes take in turn (any constant unique to this library). */
const PARTITION_LOCK_KEY = 72_160_910;

/**
 * How long a partition change waits for its lock before giving up (it is retried at the next pass):
 * while it waits, the hot path's statements queue behind it, so this bounds their stall.
 */
const PARTITION_LOCK_TIMEOUT = '200ms';

/**
 * `webhooks_attach_day_partition(parent, key, day)`: makes the day partition `<parent>_pYYYYMMDD`
 * ([day, day + 1) UTC on column `key`) unless it exists; returns whether it made it. The table is
 * created on its own, filled with the default partition's rows of that day (which would otherwise
 * make the attach fail), then ATTACHed: that needs SHARE UPDATE EXCLUSIVE on the parent, where
 * CREATE TABLE … PARTITION OF takes ACCESS EXCLUSIVE and stalls every query on it. Writes to the
 * parent wait meanwhile (a SHARE lock, for the milliseconds of an empty or small table's attach;
 * reads go on), so none routes a row of the day to the default partition while it moves; reads wait
 * too (ACCESS EXCLUSIVE) only when the default partition holds rows of the day, which then move. Changes
 * from several instances take turns under an advisory lock.
 */
export const ATTACH_DAY_PARTITION_FUNCTION = `
create or replace function webhooks_attach_day_partition(parent regclass, key text, day date) returns boolean
language plpgsql volatile set lock_timeout = '${PARTITION_LOCK_TIMEOUT}' as $$
declare
  parent_name text := (select relname from pg_class where oid = parent);
  name text := parent_name || '_p' || to_char(day, 'YYYYMMDD');
  lo timestamptz := day::timestamp at time zone 'UTC';
  hi timestamptz := (day + 1)::timestamp at time zone 'UTC';
  crowded boolean;
begin
  perform pg_advisory_xact_lock(${PARTITION_LOCK_KEY});
  if to_regclass(name) is not null then
    return false;
  end if;
  -- No write may route a row of this day to the default partition while it moves: one that did
  -- would fail its partition check once the day is attached, or make the attach fail.
  execute format('lock table %I in share mode', parent_name);
  -- Rows of the day already in the default partition move: readers must wait for that too. Their
  -- locks do not conflict with SHARE, and a commit becomes visible to snapshots before its catalog
  -- invalidation reaches other sessions, so a reader could see the rows gone from the default
  -- partition while still planning without the new day, and miss them (seen: a 201-acknowledged
  -- event answering 404 once, found a moment later). Only then, so the usual case (a day made
  -- ahead, nothing to move) never stalls a reader.
  execute format('select exists (select 1 from %I where %I >= $1 and %I < $2)', parent_name || '_default', key, key)
    using lo, hi into crowded;
  if crowded then
    execute format('lock table %I in access exclusive mode', parent_name);
  end if;
  execute format('create table %I (like %I including defaults including constraints)', name, parent_name);
  execute format('with moved as (delete from %I where %I >= $1 and %I < $2 returning *) insert into %I select * from moved',
                 parent_name || '_default', key, key, name) using lo, hi;
  execute format('alter table %I attach partition %I for values from (%L) to (%L)', parent_name, name, lo, hi);
  return true;
end $$;`;

/**
 * `webhooks_day_partition_kept_by(parent, day, keep_from)`: why the day partition `<parent>_pYYYYMMDD`
 * must stay, or `null` when it may go. It stays while any of its range is within retention (at or
 * after `keep_from`); an event partition also while one of its events is not fanned out yet, or while
 * any attempt (pending, or in a history partition still kept) refers to one of its events (attempts
 * carry `event_created_at`: one range probe per attempt partition).
 */
export const DAY_PARTITION_KEPT_BY_FUNCTION = `
create or replace function webhooks_day_partition_kept_by(parent regclass, day date, keep_from timestamptz) returns text
language plpgsql stable as $$
declare
  parent_name text := (select relname from pg_class where oid = parent);
  name text := parent_name || '_p' || to_char(day, 'YYYYMMDD');
  lo timestamptz := day::timestamp at time zone 'UTC';
  hi timestamptz := (day + 1)::timestamp at time zone 'UTC';
  needed boolean;
begin
  if to_regclass(name) is null then
    return 'missing';
  end if;
  if hi > keep_from then
    return 'within retention';
  end if;
  if parent_name = 'webhook_event' then
    execute format('select exists (select 1 from %I where fanned_out_at is null)', name) into needed;
    if needed then
      return 'events not fanned out yet';
    end if;
    select exists (select 1 from webhook_delivery d where d.event_created_at >= lo and d.event_created_at < hi)
      into needed;
    if needed then
      return 'attempts still refer to its events';
    end if;
  end if;
  return null;
end $$;`;

/**
 * `webhooks_drop_day_partition(parent, day, keep_from)`: drops the day partition unless
 * `webhooks_day_partition_kept_by` says why it stays; returns `null` when dropped, else that reason.
 * Checked under the ACCESS EXCLUSIVE locks the drop needs (parent first, in the order every query
 * takes them), so no statement can start referring to its rows between the check and the drop.
 */
export const DROP_DAY_PARTITION_FUNCTION = `
create or replace function webhooks_drop_day_partition(parent regclass, day date, keep_from timestamptz) returns text
language plpgsql volatile set lock_timeout = '${PARTITION_LOCK_TIMEOUT}' as $$
declare
  parent_name text := (select relname from pg_class where oid = parent);
  name text := parent_name || '_p' || to_char(day, 'YYYYMMDD');
  reason text;
begin
  perform pg_advisory_xact_lock(${PARTITION_LOCK_KEY});
  if to_regclass(name) is null then
    return 'missing';
  end if;
  execute format('lock table %I, %I in access exclusive mode', parent_name, name);
  reason := webhooks_day_partition_kept_by(parent, day, keep_from);
  if reason is null then
    execute format('drop table %I', name);
  end if;
  return reason;
end $$;`;
