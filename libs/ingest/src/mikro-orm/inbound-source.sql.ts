import { SecretCiphertextStatements, sql } from '@org/common/sql';

// The gateway's statement of MikroOrmInboundSourceStore (table inbound_source), run by the SqlRunner
// of @org/common. The management calls go through MikroORM; this one is on every cache miss.

/** $1 id. One source by primary key, prepared by name. */
export const SELECT_SOURCE_BY_ID = sql(
  'org_ingest_source_by_id',
  `select "id", "workspace", "name", "type", "options", "secrets", "created_at", "updated_at"
  from "inbound_source" where "id" = $1`,
  { prepared: true },
);

/** Key rotation's statements over `secrets`. */
export const SOURCE_CIPHERTEXTS = new SecretCiphertextStatements('inbound_source');
