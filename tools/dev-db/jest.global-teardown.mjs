import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

// Runs after jest.global-setup.mjs, whose TypeScript loader is still registered in this process.
export default async function globalTeardown() {
  await globalThis.__stopTestDatabaseServer?.();
  // Tests must not write into the source tree: a MikroORM config without `snapshot: false` does.
  const { assertNoSchemaSnapshots } = await import('./src/schema-snapshots.ts');
  assertNoSchemaSnapshots(join(fileURLToPath(import.meta.url), '..', '..', '..'));
}
