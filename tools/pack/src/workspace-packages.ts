import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Manifest, WorkspacePackage } from './publish-manifest.ts';

/** Reads a package.json. */
export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** The nearest folder at or above `dir` whose package.json declares `workspaces`. */
export function findWorkspaceRoot(dir: string): string {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, 'package.json')) && readManifest(current).workspaces) return current;
    if (dirname(current) === current) throw new Error(`no npm workspace root above ${dir}`);
  }
}

/**
 * Every package of the workspace around `dir`, by name. Patterns are folders or `folder/*`, which is
 * all this workspace uses; anything else is refused rather than silently ignored.
 */
export function readWorkspacePackages(dir: string): Map<string, WorkspacePackage> {
  const root = findWorkspaceRoot(dir);
  const patterns = readManifest(root).workspaces as string[];
  const folders = patterns.flatMap((pattern) => {
    if (pattern.endsWith('/*')) {
      const parent = join(root, pattern.slice(0, -2));
      return readdirSync(parent, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => join(parent, entry.name));
    }
    if (/[*?{[]/.test(pattern)) throw new Error(`unsupported workspaces pattern "${pattern}"`);
    return [join(root, pattern)];
  });
  const packages = new Map<string, WorkspacePackage>();
  for (const folder of folders.filter((candidate) => existsSync(join(candidate, 'package.json')))) {
    const manifest = readManifest(folder);
    if (manifest.name && manifest.version)
      packages.set(manifest.name, { version: manifest.version, private: manifest.private === true });
  }
  return packages;
}
