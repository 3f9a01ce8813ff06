import type { SqlRunner } from '@org/common/sql';
import type { PruneResult } from '../../storage/delivery-maintenance.interface.js';
import {
  ATTACH_DAY_PARTITION,
  DAY_PARTITION_KEPT_BY,
  DAY_PARTITIONS,
  DEFAULT_PARTITION_DAYS,
  DELETE_EVENT_KEYS,
  DROP_DAY_PARTITION,
} from './partitions.sql.js';

/** Days after today whose partitions exist ahead, so rows never wait in the default partition. */
export const PARTITION_DAYS_AHEAD = 3;
/** Idempotency keys deleted per statement when their events' partition goes. */
const KEY_BATCH = 5_000;
const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Lock conflicts worth another try: `lock_not_available` (the partition's lock was not granted within
 * the lock timeout) and `deadlock_detected` (PostgreSQL chose the attach as the victim of a lock cycle
 * with writers or with another instance's maintenance; nothing of it was applied).
 */
const LOCK_CONFLICTS = new Set(['55P03', '40P01']);
/** Tries of a partition's creation that lost a lock conflict, before the pass gives up on it. */
const ATTACH_TRIES = 3;

/** The partitioned tables, attempts first: an event partition may go only after the attempts referring to it. */
const TABLES = [
  { parent: 'webhook_delivery', key: 'settled_at' },
  { parent: 'webhook_event', key: 'created_at' },
] as const;

/**
 * The day partitions of the attempt and event history: made ahead (today and
 * {@link PARTITION_DAYS_AHEAD} days after, by the injected clock, plus any day whose rows wait in a
 * default partition), and dropped whole once past retention, instead of a DELETE over the largest
 * tables. Each change is one short statement under a lock timeout: one that cannot get its lock
 * gives up and is retried at the next pass, so maintenance never stalls the hot path for long.
 */
export class PgPartitionMaintenance {
  constructor(private readonly sql: SqlRunner) {}

  /** Makes the partitions of the days ahead of `now`; returns how many it made. */
  async prepare(now: Date): Promise<number> {
    const wanted = new Map<string, { parent: string; key: string; day: string }>();
    for (let ahead = 0; ahead <= PARTITION_DAYS_AHEAD; ahead++) {
      const day = utcDay(new Date(now.getTime() + ahead * DAY_MS));
      for (const { parent, key } of TABLES) wanted.set(`${parent}:${day}`, { parent, key, day });
    }
    const waiting = await this.sql.rows<{ parent: string; key: string; day: string }>(DEFAULT_PARTITION_DAYS);
    for (const row of waiting) wanted.set(`${row.parent}:${row.day}`, row);
    let created = 0;
    for (const { parent, key, day } of wanted.values()) {
      if (await this.attach(parent, key, day)) created++;
    }
    return created;
  }

  private async attach(parent: string, key: string, day: string): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        const [row] = await this.sql.rows<{ created: boolean }>(ATTACH_DAY_PARTITION, [parent, key, day]);
        return row?.created ?? false;
      } catch (error) {
        // Busy writers: the lock queue lets the next try in once the current statements end.
        if (!isLockConflict(error) || attempt >= ATTACH_TRIES) throw error;
      }
    }
  }

  /**
   * Drops every day partition wholly before `cutoff` that nothing needs: attempt partitions hold
   * finished attempts only (pending ones live in the hot partition), and an event partition stays
   * while an event of it is not fanned out or a kept attempt refers to one of its events.
   */
  async prune(cutoff: Date): Promise<PruneResult> {
    const partitions = await this.sql.rows<{ parent: string; day: string }>(DAY_PARTITIONS);
    const result: PruneResult = { removed: 0, kept: [] };
    for (const { parent } of TABLES) {
      for (const partition of partitions) {
        if (partition.parent !== parent || dayEnd(partition.day) > cutoff.getTime()) continue;
        const name = `${parent}_p${partition.day.replaceAll('-', '')}`;
        const kept = await this.drop(parent, partition.day, cutoff);
        if (kept === null) result.removed++;
        else result.kept.push({ name, reason: kept });
      }
    }
    return result;
  }

  /** Drops one day partition; `null` when it went, else why it stays. */
  private async drop(parent: string, day: string, cutoff: Date): Promise<string | null> {
    if (parent === 'webhook_event') {
      // Keys go first, in batches outside the drop's lock, and only from a partition that may go.
      const [check] = await this.sql.rows<{ kept: string | null }>(DAY_PARTITION_KEPT_BY, [
        parent,
        day,
        cutoff,
      ]);
      if (check?.kept) return check.kept;
      await this.deleteKeys(day);
    }
    try {
      const [row] = await this.sql.rows<{ kept: string | null }>(DROP_DAY_PARTITION, [parent, day, cutoff]);
      return row?.kept ?? null;
    } catch (error) {
      if (!isLockConflict(error)) throw error;
      return 'its lock was not granted (busy: lock timeout or deadlock); retried at the next pass';
    }
  }

  private async deleteKeys(day: string): Promise<void> {
    const from = new Date(`${day}T00:00:00Z`);
    const to = new Date(from.getTime() + DAY_MS);
    for (;;) {
      const { rowCount } = await this.sql.run(DELETE_EVENT_KEYS, [from, to, KEY_BATCH]);
      if (rowCount < KEY_BATCH) return;
    }
  }
}

function isLockConflict(error: unknown): boolean {
  return LOCK_CONFLICTS.has(String((error as { code?: unknown } | null)?.code));
}

/** The UTC day of `at` as `YYYY-MM-DD`. */
function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** When the UTC day `day` (`YYYY-MM-DD`) ends, in epoch milliseconds. */
function dayEnd(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) + DAY_MS;
}
