import type { MikroORM } from '@mikro-orm/postgresql';
import { newId } from '@org/common';
import type { Pool, QueryConfig, QueryResultRow } from 'pg';
import type {
  AttemptOutcome,
  ClaimedDelivery,
  DeliveryAttemptRecord,
} from '../../interfaces/delivery.interface.js';
import type { ClaimQuery, DeliveryQuery, DeliveryStore } from '../../storage/delivery-store.interface.js';
import type { WorkspaceScope } from '../../storage/workspace-scope.js';
import {
  buildDeliveryListQuery,
  toAttemptRecord,
  toClaimedDelivery,
  type DeliveryRow,
  type ClaimRow,
} from './pg-delivery.rows.js';
import { DELIVERY_ID_PREFIX } from '../../webhooks.constants.js';
import { PgQueueStatistics } from './pg-queue-statistics.js';
import {
  CLAIM_SQL,
  FAN_OUT_SQL,
  NEXT_DUE_SQL,
  PRUNE_SQL,
  RECORD_SQL,
  REDELIVER_SQL,
  RELEASE_SQL,
  REPLAY_SQL,
} from './pg-delivery.sql.js';

/**
 * How many due rows a claim limited per subscription looks at per attempt it may take, so busy
 * subscriptions do not crowd the others out of a batch. The rows looked at are locked for the
 * statement's duration (a concurrent claimer skips them), so an unlimited claim looks at no more.
 */
const CLAIM_SCAN_FACTOR = 2;
/** PostgreSQL error codes worth one more try of an idempotent, single-statement batch. */
const RETRYABLE = new Set(['40P01', '40001']);

/**
 * {@link DeliveryStore} on PostgreSQL. The hot path (fan-out, claim, record) is one set-based
 * statement per batch, run as a named prepared statement on the driver's `pg` pool: MikroORM's
 * `execute` inlines parameters into the SQL text, which would defeat statement caching and cost
 * an escape pass over every array element.
 */
export class MikroOrmDeliveryStore implements DeliveryStore {
  private pool: Pool | undefined;
  private readonly statistics = new PgQueueStatistics(() =>
    this.query({ text: 'analyze webhook_delivery, webhook_event' }),
  );

  constructor(private readonly orm: MikroORM) {}

  async fanOutEvents({ limit, now }: { limit: number; now: Date }): Promise<number> {
    // The time part of the new ids, as newId makes it; SQL appends the random part per row.
    const idPrefix = newId(DELIVERY_ID_PREFIX).slice(0, DELIVERY_ID_PREFIX.length + 11);
    const rows = await this.query<{ events: number; deliveries: number }>({
      name: 'webhooks_fan_out',
      text: FAN_OUT_SQL,
      values: [limit, now, idPrefix],
    });
    this.statistics.inserted(rows[0]?.deliveries ?? 0);
    return rows[0]?.events ?? 0;
  }

  async claimDueDeliveries(query: ClaimQuery): Promise<ClaimedDelivery[]> {
    if (query.limit <= 0) return [];
    const room = query.room;
    const partial = [...(room?.partial ?? [])];
    const limitedPerSubscription =
      room !== undefined && (partial.length > 0 || room.perSubscription < query.limit);
    const rows = await this.query<ClaimRow>({
      name: 'webhooks_claim',
      text: CLAIM_SQL,
      values: [
        query.now,
        query.limit,
        query.workerId,
        new Date(query.now.getTime() + query.leaseMs),
        room?.full ?? [],
        partial.map(([id]) => id),
        partial.map(([, n]) => n),
        room?.perSubscription ?? query.limit,
        limitedPerSubscription ? query.limit * CLAIM_SCAN_FACTOR : query.limit,
      ],
    });
    return rows.map(toClaimedDelivery);
  }

  async recordAttempts(outcomes: AttemptOutcome[], policy: { disableAfterFailures: number }): Promise<void> {
    if (outcomes.length === 0) return;
    const values = [
      outcomes.map((o) => o.deliveryId),
      outcomes.map((o) => o.leaseToken),
      outcomes.map((o) => o.ok),
      outcomes.map((o) => o.httpStatus),
      outcomes.map((o) => o.error),
      outcomes.map((o) => o.responseBody),
      outcomes.map((o) => Math.round(o.durationMs)),
      outcomes.map((o) => o.attemptedAt.toISOString()),
      outcomes.map((o) => o.next?.id ?? null),
      outcomes.map((o) => o.next?.attempt ?? null),
      outcomes.map((o) => o.next?.at.toISOString() ?? null),
      outcomes.map((_, index) => index),
      policy.disableAfterFailures,
    ];
    await this.query({ name: 'webhooks_record', text: RECORD_SQL, values });
  }

  async releaseClaims(claims: Array<{ deliveryId: string; leaseToken: string }>): Promise<void> {
    if (claims.length === 0) return;
    await this.query({
      text: RELEASE_SQL,
      values: [claims.map((c) => c.deliveryId), claims.map((c) => c.leaseToken)],
    });
  }

  async nextDueAt(): Promise<Date | null> {
    const rows = await this.query<{ at: string | null }>({
      name: 'webhooks_next_due',
      text: NEXT_DUE_SQL,
      values: [],
    });
    return rows[0]?.at ? new Date(rows[0].at) : null;
  }

  async listDeliveries(query: DeliveryQuery): Promise<DeliveryAttemptRecord[]> {
    const rows = await this.query<DeliveryRow>(buildDeliveryListQuery(query));
    return rows.map(toAttemptRecord);
  }

  async scheduleRedelivery(q: {
    subscriptionId: string;
    eventId: string;
    scope: WorkspaceScope;
    id: string;
    now: Date;
  }): Promise<boolean> {
    const pool = await this.getPool();
    const result = await pool.query(REDELIVER_SQL, [q.id, q.subscriptionId, q.eventId, q.scope, q.now]);
    return result.rowCount === 1;
  }

  async replayEventsAfter(q: {
    subscriptionId: string;
    afterEventId: string;
    scope: WorkspaceScope;
    now: Date;
    newId: () => string;
  }): Promise<number> {
    // Ids come from webhooks_new_id() in SQL: the replay is one set-based insert, however many events.
    const pool = await this.getPool();
    const result = await pool.query(REPLAY_SQL, [q.subscriptionId, q.afterEventId, q.scope, q.now]);
    return result.rowCount ?? 0;
  }

  async pruneBefore(cutoff: Date): Promise<number> {
    const rows = await this.query<{ removed: number }>({ text: PRUNE_SQL, values: [cutoff] });
    return rows[0]?.removed ?? 0;
  }

  private async query<R extends QueryResultRow>(config: QueryConfig): Promise<R[]> {
    const pool = await this.getPool();
    for (let attempt = 1; ; attempt++) {
      try {
        return (await pool.query<R>(config)).rows;
      } catch (error) {
        // Each statement is atomic, so a deadlock victim can simply run again.
        if (attempt >= 3 || !RETRYABLE.has((error as { code?: string }).code ?? '')) throw error;
      }
    }
  }

  private async getPool(): Promise<Pool> {
    this.pool ??= await this.orm.em.getConnection().getNativeClient();
    return this.pool;
  }
}
