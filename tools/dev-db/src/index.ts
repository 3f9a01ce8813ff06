export * from './embedded-postgres.js';
export * from './test-database.js';
