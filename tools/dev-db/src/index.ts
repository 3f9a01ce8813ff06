export * from './embedded-postgres.js';
export * from './test-database.js';
export {
  DEFAULT_POSTGRES_MAJOR,
  locatePostgresInstall,
  POSTGRES_MAJOR_VARIABLE,
  requestedPostgresMajor,
} from './postgres-install.js';
export { watchProcess, type WatchedProcess } from './watched-process.js';
