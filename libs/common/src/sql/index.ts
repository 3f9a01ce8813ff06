// `@org/common/sql`: the statement runner of the libraries' MikroORM adapters (types only from pg/MikroORM).
export * from './sql-statement.js';
export * from './sql-runner.js';
export * from './sql-params.js';
export * from './question-marks.js';
export * from './pg-values.js';
export * from './postgres-server.js';
export * from './secret-ciphertexts.sql.js';
