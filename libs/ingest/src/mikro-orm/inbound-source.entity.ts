import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { StoredSourceSecret } from '../interfaces/inbound-source.interface.js';

/** Secrets as stored in jsonb: expiry as an ISO string. */
export interface StoredSourceSecretRow {
  ciphertext: string;
  expiresAt: string | null;
}

/**
 * The `inbound_source` table: one row per source created over the API. Persistence only; secrets are
 * ciphertexts. Register it with `...IngestEntities`.
 */
export const InboundSource = defineEntity({
  name: 'InboundSource',
  tableName: 'inbound_source',
  properties: {
    id: p.string().primary().length(40),
    workspace: p.string().length(255).nullable(),
    name: p.string().length(255),
    type: p.string().length(32),
    options: p.json<Record<string, unknown>>().columnType('jsonb'),
    secrets: p.json<StoredSourceSecretRow[]>().columnType('jsonb'),
    createdAt: p.datetime().columnType('timestamptz'),
    updatedAt: p.datetime().columnType('timestamptz'),
  },
});

/** A row of `inbound_source`. */
export type InboundSourceRow = InferEntity<typeof InboundSource>;

/** Secrets for the jsonb column. */
export function toSecretRows(secrets: readonly StoredSourceSecret[]): StoredSourceSecretRow[] {
  return secrets.map((s) => ({ ciphertext: s.ciphertext, expiresAt: s.expiresAt?.toISOString() ?? null }));
}
