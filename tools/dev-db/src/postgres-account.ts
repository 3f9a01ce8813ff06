import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The OS account PostgreSQL runs as when this process is root (PostgreSQL refuses to run as root). */
export interface PostgresAccount {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

const ACCOUNT_NAME = 'postgres';

/**
 * `undefined` when this process is not root: PostgreSQL then runs as the current user. As root, the
 * `postgres` account, created as a system account when missing (containers and CI run as root).
 * @throws Error when the account is missing and cannot be created.
 */
export async function postgresAccount(): Promise<PostgresAccount | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const existing = await lookUp(ACCOUNT_NAME);
  if (existing) return existing;
  await run('groupadd', ['--system', ACCOUNT_NAME]).catch(() => undefined); // the group may exist alone
  try {
    await run('useradd', ['--system', '--gid', ACCOUNT_NAME, '--no-create-home', ACCOUNT_NAME]);
  } catch (error) {
    throw new Error(
      `PostgreSQL cannot run as root and the "${ACCOUNT_NAME}" account could not be created ` +
        `(${(error as Error).message.trim()}): create it, or set DATABASE_URL.`,
      { cause: error },
    );
  }
  const created = await lookUp(ACCOUNT_NAME);
  if (!created) throw new Error(`The "${ACCOUNT_NAME}" account was created but cannot be looked up.`);
  return created;
}

/**
 * Whether `account` can reach `path`: search (directories) or execute (files) permission along the
 * whole path, checked by the kernel for that account rather than reasoned from modes.
 */
export function canReach(path: string, account: PostgresAccount): boolean {
  return spawnSync('test', ['-x', path], { uid: account.uid, gid: account.gid }).status === 0;
}

async function lookUp(name: string): Promise<PostgresAccount | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}
