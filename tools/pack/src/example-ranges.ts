import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from './publish-manifest.ts';
import { findWorkspaceRoot, readWorkspacePackages } from './workspace-packages.ts';

/**
 * The apps outside the workspaces that install our packages as a user does (by range, from packed
 * tarballs in the consumer check): `changeset version` bumps the workspace, not them.
 */
export const EXAMPLE_APPS = ['examples/nest-app', 'tools/consumer-check/fixtures/minimal-app'];

/**
 * Sets every dependency of the example apps on a published workspace package to `^<its version>`,
 * as `npm install <package>` would write it (the README's install line names no version). Run after
 * `changeset version` (`npm run version`). Returns the `name@range` entries it changed, per app.
 */
export function syncExampleRanges(
  dir: string,
  apps: readonly string[] = EXAMPLE_APPS,
): Record<string, string[]> {
  const root = findWorkspaceRoot(dir);
  const published = [...readWorkspacePackages(root)].filter(([, pkg]) => !pkg.private);
  const changes: Record<string, string[]> = {};
  for (const app of apps) {
    const path = join(root, app, 'package.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
    const changed: string[] = [];
    for (const field of ['dependencies', 'devDependencies'] as const) {
      const dependencies = manifest[field];
      for (const [name, { version }] of published) {
        if (dependencies?.[name] === undefined || dependencies[name] === `^${version}`) continue;
        dependencies[name] = `^${version}`;
        changed.push(`${name}@^${version}`);
      }
    }
    if (changed.length > 0) writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
    changes[app] = changed;
  }
  return changes;
}
