import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, WORKSPACE_ROOT } from './command.js';

/** The published libraries, dependencies first (each `prepack` builds its package through Nx). */
export const LIBRARY_FOLDERS = ['libs/common', 'libs/webhooks', 'libs/ingest'] as const;

/** A library's name and version, as in its package.json. */
export interface LibraryPackage {
  name: string;
  version: string;
  /** The tarball `npm pack` wrote. */
  tarball: string;
}

/** `npm pack` of every library into `destination`, exactly as a release would produce them. */
export async function packLibraries(destination: string): Promise<LibraryPackage[]> {
  const packed: LibraryPackage[] = [];
  for (const folder of LIBRARY_FOLDERS) {
    const dir = join(WORKSPACE_ROOT, folder);
    const { name, version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as LibraryPackage;
    await run('npm', ['pack', '--pack-destination', destination, '--loglevel=error'], dir);
    // npm's file name for a scoped package: @org/common@0.1.0 → org-common-0.1.0.tgz
    const tarball = join(destination, `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`);
    if (!existsSync(tarball)) throw new Error(`npm pack wrote no ${tarball}`);
    packed.push({ name, version, tarball });
  }
  return packed;
}

/** The files of a tarball, relative to its `package/` folder. */
export async function tarballFiles(tarball: string): Promise<string[]> {
  const listing = await run('tar', ['-tzf', tarball], WORKSPACE_ROOT);
  return listing
    .split('\n')
    .filter(Boolean)
    .map((entry) => entry.replace(/^package\//, ''));
}
