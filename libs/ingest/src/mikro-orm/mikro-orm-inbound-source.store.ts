import type { EntityManager } from '@mikro-orm/postgresql';
import type { CiphertextReplacement, StaleCiphertexts, StaleCiphertextQuery } from '@org/common';
import { PostgresServer, SqlRunner } from '@org/common/sql';
import { ENTITY_NOT_DISCOVERED } from '../ingest.messages.js';
import type { InboundSourceRecord, InboundSourceType } from '../interfaces/inbound-source.interface.js';
import type {
  InboundSourcePatch,
  InboundSourceStore,
  ListInboundSourcesQuery,
} from '../storage/inbound-source-store.interface.js';
import {
  InboundSource,
  toSecretRows,
  type InboundSourceRow,
  type StoredSourceSecretRow,
} from './inbound-source.entity.js';
import { SELECT_SOURCE_BY_ID, SOURCE_CIPHERTEXTS } from './inbound-source.sql.js';

/**
 * PostgreSQL store of the sources created over the API, on MikroORM. Not a hot path except
 * `findById`, the gateway's read on a cache miss: one prepared primary-key select through the
 * driver's pool (see `SqlRunner`), without entity hydration. Every other call works on a fork.
 */
export class MikroOrmInboundSourceStore implements InboundSourceStore {
  private readonly sql: SqlRunner;

  /** @throws Error when the InboundSource entity is not registered with this MikroORM instance. */
  constructor(private readonly em: EntityManager) {
    if (!em.getMetadata().find(InboundSource)) throw new Error(ENTITY_NOT_DISCOVERED);
    this.sql = new SqlRunner(em);
  }

  /**
   * Reads the server once and refuses one the library cannot run on (older than PostgreSQL 15, or
   * read-only) with an `UnsupportedPostgresError` naming the version found and the fix.
   */
  async prepare(): Promise<void> {
    await new PostgresServer(this.sql).check('@org/ingest');
  }

  async create(source: InboundSourceRecord): Promise<void> {
    const em = this.em.fork();
    em.create(InboundSource, { ...source, secrets: toSecretRows(source.secrets) });
    await em.flush();
  }

  async findById(id: string): Promise<InboundSourceRecord | null> {
    const [row] = await this.sql.rows<Record<string, unknown>>(SELECT_SOURCE_BY_ID, [id]);
    if (!row) return null;
    return fromRow({
      id: String(row.id),
      workspace: (row.workspace as string | null) ?? null,
      name: String(row.name),
      type: String(row.type),
      options: json(row.options) as Record<string, unknown>,
      secrets: json(row.secrets) as StoredSourceSecretRow[],
      createdAt: new Date(row.created_at as string | Date),
      updatedAt: new Date(row.updated_at as string | Date),
    });
  }

  async list({ workspace, before, limit }: ListInboundSourcesQuery): Promise<InboundSourceRecord[]> {
    const where = {
      ...(workspace !== undefined ? { workspace } : {}),
      ...(before ? { id: { $lt: before } } : {}),
    };
    const rows = await this.em.fork().find(InboundSource, where, { orderBy: { id: 'desc' }, limit });
    return rows.map(fromRow);
  }

  async update(id: string, patch: InboundSourcePatch): Promise<InboundSourceRecord | null> {
    const em = this.em.fork();
    const row = await em.findOne(InboundSource, { id });
    if (!row) return null;
    if (patch.name !== undefined) row.name = patch.name;
    if (patch.options !== undefined) row.options = patch.options;
    if (patch.secrets !== undefined) row.secrets = toSecretRows(patch.secrets);
    row.updatedAt = patch.updatedAt;
    await em.flush();
    return fromRow(row);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.em.fork().nativeDelete(InboundSource, { id })) > 0;
  }

  async listStaleCiphertexts(query: StaleCiphertextQuery): Promise<StaleCiphertexts[]> {
    return SOURCE_CIPHERTEXTS.listStale(this.sql, query);
  }

  async replaceCiphertexts(replacements: readonly CiphertextReplacement[]): Promise<number> {
    return SOURCE_CIPHERTEXTS.replaceAll(this.sql, replacements);
  }
}

function fromRow(row: InboundSourceRow): InboundSourceRecord {
  return {
    id: row.id,
    workspace: row.workspace ?? null,
    name: row.name,
    type: row.type as InboundSourceType,
    options: row.options,
    secrets: row.secrets.map((s) => ({
      ciphertext: s.ciphertext,
      expiresAt: s.expiresAt ? new Date(s.expiresAt) : null,
    })),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** jsonb as the driver gives it: parsed by pg, text through some dialects. */
function json(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}
