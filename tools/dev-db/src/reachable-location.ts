import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { canReach, type PostgresAccount } from './postgres-account.js';
import { postgresProgram } from './postgres-install.js';

// Run as root, PostgreSQL runs as another account, which cannot reach a clone inside a folder only
// root may enter (under /root, or a `mktemp -d` folder): the programs cannot even be executed. Then
// the installation and the data folder are kept under this root-owned folder in the temp directory.
const SHARED_FOLDER = 'org-dev-db';

/**
 * `installDir` when `account` can run its programs; otherwise a copy of it that `account` can run
 * (made once per build of the programs and reused).
 * @throws Error when even the copy is out of the account's reach.
 */
export function reachableInstall(installDir: string, account: PostgresAccount): string {
  const program = postgresProgram(installDir, 'postgres');
  if (canReach(program, account)) return installDir;
  const build = createHash('sha256').update(readFileSync(program)).digest('hex').slice(0, 16);
  const copy = join(sharedFolder(), `postgresql-${build}`);
  if (!existsSync(copy)) {
    // Copied under a private name and renamed, so a concurrent start never sees half a copy.
    const staging = `${copy}.${process.pid}.partial`;
    cpSync(installDir, staging, { recursive: true, verbatimSymlinks: true });
    try {
      renameSync(staging, copy);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(copy)) throw error;
    }
  }
  if (!canReach(postgresProgram(copy, 'postgres'), account)) {
    throw new Error(
      `The "${account.name}" account cannot run PostgreSQL from ${copy} either: set DATABASE_URL.`,
    );
  }
  return copy;
}

/**
 * `dataDir` when `account` can reach the folder it is in; otherwise a folder of its own under the
 * shared folder, named after `dataDir` so the same `dataDir` always maps to the same cluster.
 * @throws Error when even that folder is out of the account's reach.
 */
export function reachableDataDir(dataDir: string, account: PostgresAccount): string {
  mkdirSync(dirname(resolve(dataDir)), { recursive: true });
  if (canReach(dirname(resolve(dataDir)), account)) return dataDir;
  const clusters = join(sharedFolder(), 'data');
  mkdirSync(clusters, { recursive: true });
  chmodSync(clusters, 0o755);
  if (!canReach(clusters, account)) {
    throw new Error(`The "${account.name}" account cannot reach ${clusters}: set DATABASE_URL.`);
  }
  const key = createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 12);
  return join(clusters, `${basename(dataDir)}-${key}`);
}

/** The shared folder, refused unless root owns it and nobody else can write to it (it is in /tmp). */
function sharedFolder(): string {
  const folder = join(tmpdir(), SHARED_FOLDER);
  mkdirSync(folder, { recursive: true, mode: 0o755 });
  const stat = lstatSync(folder);
  if (!stat.isDirectory() || stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    throw new Error(`${folder} is not a folder owned by root that only root can write to: remove it.`);
  }
  chmodSync(folder, 0o755);
  return folder;
}
