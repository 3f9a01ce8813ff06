import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

// Folders no test writes a snapshot into on purpose, and too big to walk after every run.
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.nx', '.data', 'dist', 'coverage']);
const SNAPSHOT_FILE = /^\.snapshot-.*\.json$/;

/**
 * The MikroORM schema snapshots (`.snapshot-<database>.json`) under `root`, as paths relative to it.
 * MikroORM's Migrator writes one after every `migrator.up()` unless the config says
 * `migrations: { snapshot: false }`; with a fresh database per test file, that is a new file per file.
 */
export function findSchemaSnapshots(root: string): string[] {
  const found: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) walk(join(folder, entry.name));
      else if (entry.isFile() && SNAPSHOT_FILE.test(entry.name))
        found.push(relative(root, join(folder, entry.name)));
    }
  };
  walk(root);
  return found.sort();
}

/**
 * Jest `globalTeardown` check: fails the run when tests left MikroORM schema snapshots in the
 * workspace, naming them and the cause.
 * @throws Error listing every snapshot found under `root`.
 */
export function assertNoSchemaSnapshots(root: string): void {
  const snapshots = findSchemaSnapshots(root);
  if (snapshots.length === 0) return;
  throw new Error(
    `Tests left ${snapshots.length} MikroORM schema snapshot(s): ${snapshots.join(', ')}. ` +
      'A MikroORM config used by the tests lacks `migrations: { snapshot: false }`: fix it, then delete the files.',
  );
}
