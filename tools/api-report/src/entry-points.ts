import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One shipped entry point of a package and where its API report lives. */
export interface EntryPoint {
  /** The package folder. */
  packageDir: string;
  /** `@org/webhooks/mikro-orm` */
  importPath: string;
  /** The built declarations the entry point's `types` condition names, absolute. */
  declarations: string;
  /** `webhooks-mikro-orm.api.md`, in the package's `api/` folder. */
  reportFileName: string;
}

/** The folder of a package that holds its reviewed reports. */
export const REPORT_FOLDER = 'api';

interface Manifest {
  name?: string;
  private?: boolean;
  exports?: Record<string, unknown>;
}

/**
 * Every entry point the package ships, read from its `exports` (so a new entry point gets a report
 * without anyone remembering to add it): each subpath with a `types` target. Subpaths with only the
 * workspace's `@org/source` condition are not shipped (the pack step drops them) and get none.
 * @throws Error when the package is private (nothing of it is public) or exports nothing.
 */
export function entryPointsOf(packageDir: string): EntryPoint[] {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as Manifest;
  const name = manifest.name ?? packageDir;
  if (manifest.private) throw new Error(`${name} is private: it has no public API to report`);
  const points = Object.entries(manifest.exports ?? {}).flatMap(([subpath, entry]) => {
    const types = typesOf(entry);
    if (types === undefined || subpath.includes('*')) return [];
    const suffix = subpath === '.' ? '' : `-${subpath.slice(2).replaceAll('/', '-')}`;
    return [
      {
        packageDir,
        importPath: subpath === '.' ? name : `${name}/${subpath.slice(2)}`,
        declarations: join(packageDir, types),
        reportFileName: `${name.replace(/^@[^/]+\//, '')}${suffix}.api.md`,
      },
    ];
  });
  if (points.length === 0) throw new Error(`${name} exports no entry point with types`);
  return points;
}

function typesOf(entry: unknown): string | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const types = (entry as Record<string, unknown>).types;
  return typeof types === 'string' ? types : undefined;
}
