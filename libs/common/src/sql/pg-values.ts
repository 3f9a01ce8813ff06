/**
 * Reads a `timestamptz` as raw queries return it (text such as `2026-11-24 22:05:42.699141+00`), or a
 * `Date` should the driver parse it.
 * @throws Error when the value is not a readable timestamp.
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
