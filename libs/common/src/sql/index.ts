// `@org/common/sql` (reviewed in api/common-sql.api.md): the statement runner of the libraries'
// MikroORM adapters (types only from pg/MikroORM), and the PostgreSQL version check a host may catch.
export { sql, type SqlStatement } from './sql-statement.js';
export {
  SqlRunner,
  type NativePgPool,
  type NativePgQueryable,
  type SqlConnection,
  type SqlConnectionSource,
  type SqlResult,
  type SqlTransactionRows,
  type SqlTransactionSource,
} from './sql-runner.js';
export { SqlParams } from './sql-params.js';
export { pgDate, pgDateOrNull } from './pg-values.js';
export {
  MIN_POSTGRES_MAJOR,
  PostgresServer,
  UnsupportedPostgresError,
  type PostgresServerInfo,
} from './postgres-server.js';
export { SecretCiphertextStatements } from './secret-ciphertexts.sql.js';
