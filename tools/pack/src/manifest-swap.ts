import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportTargets, toPublishedManifest, type Manifest } from './publish-manifest.ts';
import { readWorkspacePackages } from './workspace-packages.ts';

/**
 * Where the workspace's package.json waits while the published one is in place. Not in `files`, so
 * it is never packed; git-ignored.
 */
export const BACKUP_NAME = 'package.json.prepack';

/**
 * `prepack`: checks that what the package promises was built, then puts the published package.json
 * in place (see {@link toPublishedManifest}), keeping the workspace's beside it for `postpack`.
 * npm packs the package.json it finds on disk after `prepack`, so this is what users install.
 * @throws Error naming every missing file or bad dependency; package.json is then left untouched.
 */
export function preparePackageJson(dir: string): Manifest {
  // A pack that died between prepack and postpack left the published file in place: start over.
  restorePackageJson(dir);
  const path = join(dir, 'package.json');
  const original = readFileSync(path, 'utf8');
  const published = toPublishedManifest(JSON.parse(original) as Manifest, readWorkspacePackages(dir));
  assertShippedFilesExist(dir, published);
  writeFileSync(join(dir, BACKUP_NAME), original);
  writeFileSync(path, `${JSON.stringify(published, null, 2)}\n`);
  return published;
}

/** `postpack`: puts the workspace's package.json back. Returns false when there was nothing to restore. */
export function restorePackageJson(dir: string): boolean {
  const backup = join(dir, BACKUP_NAME);
  if (!existsSync(backup)) return false;
  renameSync(backup, join(dir, 'package.json'));
  return true;
}

/**
 * npm skips `files` entries that do not exist and packs `exports` targets that are missing without a
 * word, which is how an unbuilt package ships as two files; here both are errors.
 */
function assertShippedFilesExist(dir: string, manifest: Manifest): void {
  const promised = [
    ...(manifest.files ?? []).filter((entry) => !/[*?{[!]/.test(entry)),
    ...exportTargets(manifest.exports),
  ];
  const missing = [...new Set(promised)].filter((file) => !existsSync(join(dir, file)));
  if (missing.length > 0) {
    throw new Error(
      `${manifest.name ?? dir} cannot be packed, these files are missing (not built?): ${missing.join(', ')}`,
    );
  }
}
