import type { SqlRunner } from './sql-runner.js';
import { sql } from './sql-statement.js';

/** The oldest PostgreSQL major the libraries run on (statements, migrations, partitions, retention). */
export const MIN_POSTGRES_MAJOR = 15;

/** What the libraries need to know of the server they write to, read once per storage. */
export interface PostgresServerInfo {
  /** `server_version_num`, e.g. `150018` for 15.18. */
  readonly versionNum: number;
  /** The major version, e.g. `15`. */
  readonly major: number;
  /** `server_version` as the server names itself, e.g. `15.18` or `18.4 (Debian …)`. */
  readonly version: string;
  /** In recovery (a streaming or log-shipping replica): every write would fail. */
  readonly inRecovery: boolean;
  /** `transaction_read_only` of a new session is on (`default_transaction_read_only`, or a read-only replica). */
  readonly readOnly: boolean;
  /**
   * `RETURNING old.*` / `new.*` in `UPDATE` (PostgreSQL 18): a statement can return a row's values
   * from before its update. Older servers take the same answer from a row locked first.
   */
  readonly returningOld: boolean;
}

/** A server the libraries cannot run on (too old, or read-only); its message names the fix. */
export class UnsupportedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedPostgresError';
  }
}

const READ_SERVER = sql(
  'common_read_postgres_server',
  `select current_setting('server_version_num')::int as version_num, current_setting('server_version') as version,
          pg_is_in_recovery() as in_recovery, current_setting('transaction_read_only') = 'on' as read_only`,
);

/** Reads what {@link PostgresServerInfo} holds, in one statement. */
export async function readPostgresServer(runner: SqlRunner): Promise<PostgresServerInfo> {
  const [row] = await runner.rows<{
    version_num: number;
    version: string;
    in_recovery: boolean;
    read_only: boolean;
  }>(READ_SERVER);
  const versionNum = Number(row!.version_num);
  const major = Math.floor(versionNum / 10_000);
  return {
    versionNum,
    major,
    version: row!.version,
    inRecovery: row!.in_recovery,
    readOnly: row!.read_only,
    returningOld: major >= 18,
  };
}

/**
 * Refuses a server the libraries cannot run on, with one sentence naming what was found and the fix:
 * older than {@link MIN_POSTGRES_MAJOR}, or one that refuses writes (a replica, or
 * `default_transaction_read_only`).
 * @param who what needs the server, for the message (e.g. `@org/webhooks`)
 * @throws UnsupportedPostgresError
 */
export function assertSupportedPostgres(server: PostgresServerInfo, who: string): void {
  if (server.major < MIN_POSTGRES_MAJOR)
    throw new UnsupportedPostgresError(
      `${who} needs PostgreSQL ${MIN_POSTGRES_MAJOR} or newer, but the database runs PostgreSQL ${server.version} ` +
        `(server_version_num ${server.versionNum}): upgrade the server or point the connection at one of ` +
        `PostgreSQL ${MIN_POSTGRES_MAJOR} to 18.`,
    );
  if (server.inRecovery || server.readOnly)
    throw new UnsupportedPostgresError(
      `${who} must write to its database, but the connection reaches a read-only server ` +
        `(${server.inRecovery ? 'a replica in recovery' : 'transaction_read_only is on'}): ` +
        'point it at the primary, or unset default_transaction_read_only for its user.',
    );
}

/**
 * The server of one storage, read on first use and kept (a failed read is not kept, so a database
 * that was briefly down is read again). Statements that differ by version ask it for
 * {@link PostgresServerInfo}; start-up calls {@link check} to refuse an unsupported server early.
 */
export class PostgresServer {
  private info: Promise<PostgresServerInfo> | undefined;

  constructor(private readonly runner: SqlRunner) {}

  /** What the server is (read once). */
  read(): Promise<PostgresServerInfo> {
    this.info ??= readPostgresServer(this.runner).catch((error: unknown) => {
      this.info = undefined;
      throw error;
    });
    return this.info;
  }

  /**
   * Reads the server and refuses it when the libraries cannot run on it.
   * @throws UnsupportedPostgresError
   */
  async check(who: string): Promise<PostgresServerInfo> {
    const info = await this.read();
    assertSupportedPostgres(info, who);
    return info;
  }
}
