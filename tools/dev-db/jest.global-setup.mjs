// Jest globalSetup/teardown shared by every project whose tests need PostgreSQL:
//   globalSetup: '<rootDir>/../../tools/dev-db/jest.global-setup.mjs',
//   globalTeardown: '<rootDir>/../../tools/dev-db/jest.global-teardown.mjs'
// It starts one embedded server per Jest run (or uses DATABASE_URL); each test file then creates
// its own database with createTestDatabase().
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { register } from 'node:module';

export default async function globalSetup() {
  register('./ts-loader.mjs', import.meta.url);
  const { startTestServer } = await import('./src/test-database.ts');
  globalThis.__stopTestDatabaseServer = await startTestServer(
    join(fileURLToPath(import.meta.url), '..', '..', '..'),
  );
}
