import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';

/**
 * Reads a `timestamptz` as MikroORM's raw queries return it (text such as
 * `2026-11-24 22:05:42.699141+00`), or a `Date` should a driver parse it.
 */
export function pgDate(value: unknown): Date {
  if (value instanceof Date) return value;
  const text = String(value)
    .replace(' ', 'T')
    .replace(/([+-]\d\d)$/, '$1:00');
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new Error(`Unreadable timestamp from PostgreSQL: ${String(value)}`);
  return date;
}

/** {@link pgDate} for nullable columns. */
export function pgDateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : pgDate(value);
}

/** A `Date` as a bind value for `?::timestamptz` (ISO with offset, whatever the session time zone). */
export function isoParam(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}

/** Runs SQL with `?` parameters on the ORM's pool (autocommit), returning the rows. */
export function runSql<T extends object = Record<string, unknown>>(
  orm: MikroORM,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  return orm.em.getConnection().execute<T[]>(sql, params as never[], 'all');
}

/**
 * Runs SQL with `?` parameters inside the transaction of `em` when it has one (so the statement
 * commits or rolls back with the caller's work), else on the pool.
 */
export function runSqlIn<T extends object = Record<string, unknown>>(
  em: EntityManager,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  return em.getConnection().execute<T[]>(sql, params as never[], 'all', em.getTransactionContext());
}
