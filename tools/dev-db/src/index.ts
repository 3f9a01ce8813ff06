export * from './embedded-postgres.js';
export * from './test-database.js';
export {
  DEFAULT_POSTGRES_MAJOR,
  POSTGRES_MAJOR_VARIABLE,
  requestedPostgresMajor,
} from './postgres-install.js';
