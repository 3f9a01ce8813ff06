import { toQuestionMarks } from './question-marks.js';
import type { SqlStatement } from './sql-statement.js';

/** The rows a statement returned and how many rows it touched. */
export interface SqlResult<R> {
  rows: R[];
  /** Rows inserted, updated or deleted (or returned, for a select). */
  rowCount: number;
}

/**
 * The part of a `pg` pool the runner uses (typed here so `@org/common` needs no `pg` at import time).
 */
export interface NativePgPool extends NativePgQueryable {
  /** A client of its own, for a transaction (`pg.Pool#connect`). */
  connect?(): Promise<NativePgQueryable & { release(error?: Error): void }>;
}

/** What runs a query: a `pg` pool, or one of its clients. */
export interface NativePgQueryable {
  query(config: {
    name?: string;
    text: string;
    values?: unknown[];
  }): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/** Runs statements inside the transaction of {@link SqlRunner.transaction}. */
export type SqlTransactionRows = <R = Record<string, unknown>>(
  statement: SqlStatement,
  values?: readonly unknown[],
) => Promise<R[]>;

/** The part of a MikroORM SQL connection the runner uses (structural: no MikroORM import). */
export interface SqlConnection {
  execute(
    query: string,
    params?: readonly unknown[],
    method?: 'all' | 'get' | 'run',
    ctx?: never,
  ): Promise<unknown>;
  getNativeClient?(): Promise<unknown>;
}

/** Anything that hands out a MikroORM connection: a `MikroORM`'s `em`, or any `EntityManager`. */
export interface SqlConnectionSource {
  getConnection(): SqlConnection;
}

/** An `EntityManager` whose transaction a statement should join. */
export interface SqlTransactionSource extends SqlConnectionSource {
  getTransactionContext(): unknown;
}

/** PostgreSQL codes of transient failures worth one more try of an atomic statement. */
const TRANSIENT = new Set(['40P01', '40001']);
const MAX_TRIES = 3;

/**
 * Runs {@link SqlStatement}s for a library's MikroORM adapter. Outside a transaction a statement runs
 * on the driver's own `pg` pool with bound parameters (prepared by name when the statement says so):
 * MikroORM's `execute` would format every value into the text, defeating statement caching and costing
 * an escape pass per array element. A host whose MikroORM owns no pg pool (a Kysely dialect in
 * `driverOptions`), and every statement inside a caller's transaction, go through `execute` instead.
 * Retried statements run again after a deadlock or serialization failure (never inside a transaction,
 * which such a failure has already aborted).
 */
export class SqlRunner {
  private pool: NativePgPool | undefined;

  constructor(private readonly source: SqlConnectionSource) {}

  /** Runs `statement` and returns its rows. */
  async rows<R = Record<string, unknown>>(
    statement: SqlStatement,
    values: readonly unknown[] = [],
    within?: SqlTransactionSource,
  ): Promise<R[]> {
    return (await this.run<R>(statement, values, within)).rows;
  }

  /**
   * Runs `statement`; inside the transaction of `within` when it has one (so the statement commits or
   * rolls back with the caller's work).
   */
  async run<R = Record<string, unknown>>(
    statement: SqlStatement,
    values: readonly unknown[] = [],
    within?: SqlTransactionSource,
  ): Promise<SqlResult<R>> {
    const transaction = within?.getTransactionContext();
    if (within !== undefined && transaction !== undefined) {
      return this.execute<R>(within.getConnection(), statement, values, transaction);
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once<R>(statement, values);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (!statement.retried || attempt >= MAX_TRIES || !TRANSIENT.has(String(code))) throw error;
      }
    }
  }

  /**
   * Runs `work` in one transaction of the runner's own: on a client of the native pool (statements
   * bound and prepared as outside one), else through a forked `EntityManager`. Commits when `work`
   * resolves, rolls back and rejects when it throws. Nothing is retried (an aborted transaction
   * cannot be resumed): the caller decides.
   * @throws Error when the source can open no transaction (neither a pg pool nor `transactional`).
   */
  async transaction<T>(work: (rows: SqlTransactionRows) => Promise<T>): Promise<T> {
    const pool = await this.nativePool();
    if (pool?.connect === undefined) return this.ormTransaction(work);
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query({ text: 'begin' });
      const rows: SqlTransactionRows = async <R>(statement: SqlStatement, values: readonly unknown[] = []) =>
        (await query<R>(client, statement, values)).rows;
      const result = await work(rows);
      await client.query({ text: 'commit' });
      return result;
    } catch (error) {
      // A client whose rollback fails is discarded, not returned to the pool mid-transaction.
      await client.query({ text: 'rollback' }).catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  private async ormTransaction<T>(work: (rows: SqlTransactionRows) => Promise<T>): Promise<T> {
    const source = this.source as Partial<{
      transactional<U>(run: (em: SqlTransactionSource) => Promise<U>): Promise<U>;
    }>;
    if (typeof source.transactional !== 'function')
      throw new Error('SqlRunner.transaction needs a pg pool or an EntityManager');
    return source.transactional((em) => work((statement, values) => this.rows(statement, values, em)));
  }

  private async once<R>(statement: SqlStatement, values: readonly unknown[]): Promise<SqlResult<R>> {
    const pool = await this.nativePool();
    if (pool === null) return this.execute<R>(this.source.getConnection(), statement, values, undefined);
    return query<R>(pool, statement, values);
  }

  private async execute<R>(
    connection: SqlConnection,
    statement: SqlStatement,
    values: readonly unknown[],
    transaction: unknown,
  ): Promise<SqlResult<R>> {
    const formatted = toQuestionMarks(statement.text, values);
    const result = (await connection.execute(
      formatted.text,
      formatted.values,
      'run',
      transaction as never,
    )) as {
      rows: R[];
      affectedRows: number;
    };
    return { rows: result.rows, rowCount: result.affectedRows };
  }

  private async nativePool(): Promise<NativePgPool | null> {
    // Kept once found: a connection that owns its pg pool keeps it. Not kept when missing, so a
    // connection that failed only because the database was briefly down finds it later.
    if (this.pool !== undefined) return this.pool;
    const client = await Promise.resolve()
      .then(() => this.source.getConnection().getNativeClient?.())
      .catch(() => undefined);
    if (!isPool(client)) return null;
    this.pool = client;
    return client;
  }
}

async function query<R>(
  on: NativePgQueryable,
  statement: SqlStatement,
  values: readonly unknown[],
): Promise<SqlResult<R>> {
  const result = await on.query({
    ...(statement.prepared ? { name: statement.name } : {}),
    text: statement.text,
    values: [...values],
  });
  return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
}

function isPool(client: unknown): client is NativePgPool {
  return typeof (client as NativePgPool | undefined)?.query === 'function';
}
