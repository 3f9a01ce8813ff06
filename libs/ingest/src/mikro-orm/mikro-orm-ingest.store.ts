import type { InferEntity } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ENTITY_NOT_DISCOVERED } from '../ingest.messages.js';
import type { InboundEventRecord, InboundEventStatus } from '../interfaces/inbound-event.interface.js';
import type {
  ClaimRequest,
  IngestStore,
  ListInboundEventsQuery,
  NewInboundEvent,
  RequeueOutcome,
  SaveOutcome,
} from '../interfaces/ingest-store.interface.js';
import { IngestEvent } from './ingest-event.entity.js';

type Row = Record<string, unknown>;

/**
 * PostgreSQL store on MikroORM. The hot paths are single set-based statements: storing is
 * `INSERT … ON CONFLICT DO NOTHING` (so concurrent identical deliveries store one row), claiming is one
 * `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)`. Handlers run inside a transaction that
 * first locks the event row (checking the lease) and ends by marking it processed, so what they write
 * through the transactional `EntityManager` commits exactly when the event is marked processed.
 * Every call works on a fork of the given `EntityManager`, never on the global one.
 */
export class MikroOrmIngestStore implements IngestStore {
  constructor(private readonly em: EntityManager) {
    if (!em.getMetadata().find(IngestEvent)) throw new Error(ENTITY_NOT_DISCOVERED);
  }

  async saveReceived(events: NewInboundEvent[]): Promise<SaveOutcome[]> {
    if (events.length === 0) return [];
    const em = this.em.fork();
    const rows = events.map(() => "(?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, 'pending', 0, ?::timestamptz, ?::timestamptz, ?::timestamptz)");
    const params = events.flatMap((e) => {
      const at = e.receivedAt.toISOString();
      return [e.id, e.source, e.externalId, e.type, toJsonb(e.payload), withoutNul(e.rawBody), toJsonb(e.headers), at, at, at];
    });
    const inserted = await em.execute<Row[]>(
      `insert into "ingest_event" ("id", "source", "external_id", "type", "payload", "raw_body", "headers",
         "status", "attempts", "next_attempt_at", "received_at", "updated_at")
       values ${rows.join(', ')}
       on conflict ("source", "external_id") do nothing
       returning "id"`,
      params,
    );
    const insertedIds = new Set(inserted.map((row) => String(row.id)));
    if (insertedIds.size === events.length) return events.map((e) => ({ id: e.id, duplicate: false }));
    // Repeats (from earlier requests, or earlier in this batch) answer with the stored event's id.
    const repeats = events.filter((e) => !insertedIds.has(e.id));
    const existing = await em.execute<Row[]>(
      `select "id", "source", "external_id" from "ingest_event" where ("source", "external_id") in (${repeats.map(() => '(?, ?)').join(', ')})`,
      repeats.flatMap((e) => [e.source, e.externalId]),
    );
    const idByKey = new Map(existing.map((row) => [`${row.source}\u0000${row.external_id}`, String(row.id)]));
    return events.map((e) =>
      insertedIds.has(e.id) ? { id: e.id, duplicate: false } : { id: idByKey.get(`${e.source}\u0000${e.externalId}`)!, duplicate: true },
    );
  }

  async claimDue({ now, limit, leaseOwner, leaseExpiresAt }: ClaimRequest): Promise<InboundEventRecord[]> {
    const em = this.em.fork();
    const at = now.toISOString();
    const rows = await em.execute<Row[]>(
      `update "ingest_event" set "status" = 'processing', "attempts" = "attempts" + 1, "lease_owner" = ?,
         "lease_expires_at" = ?::timestamptz, "updated_at" = ?::timestamptz
       where "id" in (
         select "id" from "ingest_event"
         where ("status" = 'pending' and "next_attempt_at" <= ?::timestamptz)
            or ("status" = 'processing' and "lease_expires_at" <= ?::timestamptz)
         order by "next_attempt_at"
         limit ?
         for update skip locked)
       returning *`,
      [leaseOwner, leaseExpiresAt.toISOString(), at, at, at, limit],
    );
    // RETURNING has no order; hand events out oldest due first, as they were picked.
    return rows
      .map((row) => this.toRecord(em, row))
      .sort((a, b) => a.nextAttemptAt!.getTime() - b.nextAttemptAt!.getTime() || (a.id < b.id ? -1 : 1));
  }

  async complete(id: string, leaseOwner: string, work: (transaction: unknown) => Promise<void>, now: () => Date): Promise<boolean> {
    return this.em.fork().transactional(async (tx) => {
      const held = await tx.execute<Row[]>(
        `select "id" from "ingest_event" where "id" = ? and "status" = 'processing' and "lease_owner" = ? for update`,
        [id, leaseOwner],
      );
      if (held.length === 0) return false;
      await work(tx);
      const at = now().toISOString();
      await tx.execute(
        `update "ingest_event" set "status" = 'processed', "processed_at" = ?::timestamptz, "next_attempt_at" = null,
           "lease_owner" = null, "lease_expires_at" = null, "updated_at" = ?::timestamptz
         where "id" = ?`,
        [at, at, id],
      );
      return true;
    });
  }

  async fail(id: string, leaseOwner: string, { error, retryAt, now }: { error: string; retryAt: Date | null; now: Date }): Promise<void> {
    await this.em.fork().execute(
      `update "ingest_event" set "status" = ?, "next_attempt_at" = ?::timestamptz, "last_error" = ?,
         "lease_owner" = null, "lease_expires_at" = null, "updated_at" = ?::timestamptz
       where "id" = ? and "status" = 'processing' and "lease_owner" = ?`,
      [retryAt ? 'pending' : 'failed', retryAt?.toISOString() ?? null, withoutNul(error), now.toISOString(), id, leaseOwner],
    );
  }

  async findById(id: string): Promise<InboundEventRecord | null> {
    const em = this.em.fork();
    const entity = await em.findOne(IngestEvent, { id });
    return entity ? this.fromEntity(entity) : null;
  }

  async list({ source, type, status, before, limit }: ListInboundEventsQuery): Promise<InboundEventRecord[]> {
    const em = this.em.fork();
    const where = {
      ...(source ? { source } : {}),
      ...(type ? { type } : {}),
      ...(status ? { status } : {}),
      ...(before ? { id: { $lt: before } } : {}),
    };
    const entities = await em.find(IngestEvent, where, { orderBy: { id: 'desc' }, limit });
    return entities.map((entity) => this.fromEntity(entity));
  }

  async requeue(id: string, now: Date): Promise<RequeueOutcome> {
    const at = now.toISOString();
    const requeued = await this.em.fork().execute<Row[]>(
      `update "ingest_event" set "status" = 'pending', "attempts" = 0, "next_attempt_at" = ?::timestamptz, "updated_at" = ?::timestamptz
       where "id" = ? and "status" = 'failed' returning "id"`,
      [at, at, id],
    );
    if (requeued.length > 0) return 'requeued';
    const current = await this.findById(id);
    return current ? { notRetryable: current.status } : 'not_found';
  }

  /** Maps a raw row through MikroORM (column names, JSON and date conversion), then to a record. */
  private toRecord(em: EntityManager, row: Row): InboundEventRecord {
    return this.fromEntity(em.map(IngestEvent, row));
  }

  private fromEntity(entity: InferEntity<typeof IngestEvent>): InboundEventRecord {
    return {
      id: entity.id,
      source: entity.source,
      type: entity.type,
      externalId: entity.externalId,
      payload: entity.payload,
      rawBody: entity.rawBody,
      headers: entity.headers,
      status: entity.status as InboundEventStatus,
      attempts: entity.attempts,
      nextAttemptAt: entity.nextAttemptAt ?? null,
      lastError: entity.lastError ?? null,
      leaseOwner: entity.leaseOwner ?? null,
      leaseExpiresAt: entity.leaseExpiresAt ?? null,
      receivedAt: entity.receivedAt,
      processedAt: entity.processedAt ?? null,
      updatedAt: entity.updatedAt,
    };
  }
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000. The receiving side already replaces it; this is the
 * store's own guard for other callers.
 */
function withoutNul(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

function toJsonb(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? withoutNul(v) : v));
}
