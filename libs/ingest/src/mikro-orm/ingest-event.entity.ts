import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { InboundSource } from './inbound-source.entity.js';

/**
 * The `ingest_event` table: one row per verified inbound event, unique per (source, external_id).
 * Persistence only; the API maps rows to its own DTOs. Register it with `...IngestEntities`.
 */
export const IngestEvent = defineEntity({
  name: 'IngestEvent',
  tableName: 'ingest_event',
  properties: {
    id: p.string().primary().length(40),
    source: p.string().length(63),
    workspace: p.string().length(255).nullable(),
    sourceType: p.string().length(32).nullable(),
    externalId: p.text(),
    type: p.text(),
    payload: p.json<unknown>().columnType('jsonb'),
    rawBody: p.text(),
    headers: p.json<Record<string, string>>().columnType('jsonb'),
    status: p.string().length(16),
    attempts: p.integer(),
    nextAttemptAt: p.datetime().columnType('timestamptz').nullable(),
    lastError: p.text().nullable(),
    handlers: p.json<Record<string, HandlerStateRow>>().columnType('jsonb').fieldName('handler_state'),
    leaseOwner: p.string().length(128).nullable(),
    leaseExpiresAt: p.datetime().columnType('timestamptz').nullable(),
    receivedAt: p.datetime().columnType('timestamptz'),
    processedAt: p.datetime().columnType('timestamptz').nullable(),
    updatedAt: p.datetime().columnType('timestamptz'),
    traceContext: p.text().nullable(),
  },
  uniques: [{ name: 'ingest_event_source_external_id_unique', properties: ['source', 'externalId'] }],
});

/** One handler's state as stored in `handler_state` (times as ISO strings). */
export interface HandlerStateRow {
  status: 'succeeded' | 'failed';
  attempts: number;
  lastError: string | null;
  lastAttemptAt: string;
}

/** A row of `ingest_event`. */
export type IngestEventRow = InferEntity<typeof IngestEvent>;

/** Entities of the ingest store, for the host's MikroORM `entities`. */
export const IngestEntities = [IngestEvent, InboundSource];
