import type { MikroORM } from '@mikro-orm/postgresql';
import { newId } from '@org/common';
import { PostgresServer, SqlRunner } from '@org/common/sql';
import type { AttemptOutcome, ClaimedDelivery } from '../../interfaces/delivery.interface.js';
import type {
  ClaimQuery,
  DeliveryQueue,
  FanOutQuery,
  RecordPolicy,
  ReleasedClaim,
} from '../../storage/delivery-queue.interface.js';
import { DELIVERY_ID_PREFIX } from '../../webhooks.constants.js';
import { EVENT_PUBLISHED_CHANNEL } from '../pg-channels.js';
import { toClaimedDelivery, type ClaimRow } from './pg-delivery.rows.js';
import { PgQueueStatistics } from './pg-queue-statistics.js';
import {
  ANALYZE,
  CLAIM,
  FAN_OUT,
  NEXT_DUE,
  RECORD,
  RECORD_LOCKING,
  RELEASE,
} from './webhook-delivery.sql.js';

/**
 * How many due rows a claim limited per subscription looks at per attempt it may take, so busy
 * subscriptions do not crowd the others out of a batch. The rows looked at are locked for the
 * statement's duration (a concurrent claimer skips them), so an unlimited claim looks at no more.
 */
const CLAIM_SCAN_FACTOR = 2;

/**
 * {@link DeliveryQueue} on PostgreSQL through the host's MikroORM. The hot path (fan-out, claim,
 * record) is one set-based statement per batch, prepared by name on the driver's pool by the
 * {@link SqlRunner} and run again after a deadlock (each statement is atomic).
 */
export class MikroOrmDeliveryQueue implements DeliveryQueue {
  private readonly sql: SqlRunner;
  private readonly statistics = new PgQueueStatistics(() => this.sql.run(ANALYZE));
  private readonly server: PostgresServer;

  /**
   * @param server the storage's server, shared with its other stores (read once); by default one
   * read through this store's own runner
   */
  constructor(orm: MikroORM, server?: PostgresServer) {
    this.sql = new SqlRunner(orm.em);
    this.server = server ?? new PostgresServer(this.sql);
  }

  async fanOutEvents({ limit, now }: FanOutQuery): Promise<number> {
    // The time part of the new ids, as newId makes it; SQL appends the random part per row.
    const idPrefix = newId(DELIVERY_ID_PREFIX).slice(0, DELIVERY_ID_PREFIX.length + 11);
    const rows = await this.sql.rows<{ events: number; deliveries: number }>(FAN_OUT, [limit, now, idPrefix]);
    this.statistics.inserted(rows[0]?.deliveries ?? 0);
    return rows[0]?.events ?? 0;
  }

  async claimDueDeliveries(query: ClaimQuery): Promise<ClaimedDelivery[]> {
    if (query.limit <= 0) return [];
    const room = query.room;
    const partial = [...(room?.partial ?? [])];
    const limitedPerSubscription =
      room !== undefined && (partial.length > 0 || room.perSubscription < query.limit);
    const rows = await this.sql.rows<ClaimRow>(CLAIM, [
      query.now,
      query.limit,
      query.workerId,
      new Date(query.now.getTime() + query.leaseMs),
      room?.full ?? [],
      partial.map(([id]) => id),
      partial.map(([, n]) => n),
      room?.perSubscription ?? query.limit,
      limitedPerSubscription ? query.limit * CLAIM_SCAN_FACTOR : query.limit,
      new Date(Math.floor(query.now.getTime() / 1000) * 1000),
    ]);
    return rows.map(toClaimedDelivery);
  }

  async recordAttempts(outcomes: AttemptOutcome[], policy: RecordPolicy): Promise<void> {
    if (outcomes.length === 0) return;
    // PostgreSQL 18 returns the status before the update itself; older servers lock the rows first.
    const statement = (await this.server.read()).returningOld ? RECORD : RECORD_LOCKING;
    await this.sql.run(statement, [
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
      outcomes.map((o) => o.url),
      outcomes.map((o) => JSON.stringify(o.requestHeaders)),
      outcomes.map((o) => (o.responseHeaders === null ? null : JSON.stringify(o.responseHeaders))),
      outcomes.map((o) => o.errorClass),
      outcomes.map((o) => o.holdUntil?.toISOString() ?? null),
      outcomes.map((o) => o.backoff),
      outcomes.map((o) => o.gone),
      policy.now.toISOString(),
      EVENT_PUBLISHED_CHANNEL,
    ]);
  }

  async releaseClaims(claims: ReleasedClaim[]): Promise<void> {
    if (claims.length === 0) return;
    await this.sql.run(RELEASE, [claims.map((c) => c.deliveryId), claims.map((c) => c.leaseToken)]);
  }

  async nextDueAt(): Promise<Date | null> {
    const rows = await this.sql.rows<{ at: string | null }>(NEXT_DUE);
    return rows[0]?.at ? new Date(rows[0].at) : null;
  }
}
