import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { run, WORKSPACE_ROOT } from './command.js';

/**
 * The `node` executable of Node.js `version`, from the npm registry's `node` package (which brings the
 * build for this platform), installed once under `.data/node/<version>` of the workspace: what a user
 * on that Node would run the packed libraries with. The workspace itself runs on its own pinned Node.
 */
export async function pinnedNode(version: string): Promise<string> {
  const folder = join(WORKSPACE_ROOT, '.data', 'node', version);
  const executable = join(folder, 'node_modules', 'node', 'bin', 'node');
  if (existsSync(executable)) return executable;
  // Installed under a private name and renamed, so a concurrent run never sees half an install.
  const staging = `${folder}.${process.pid}.partial`;
  mkdirSync(staging, { recursive: true });
  try {
    await run(
      'npm',
      [
        'install',
        '--prefix',
        staging,
        '--no-save',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        `node@${version}`,
      ],
      staging,
    );
    if (!existsSync(folder)) renameSync(staging, folder);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return executable;
}
