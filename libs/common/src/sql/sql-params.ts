/**
 * Collects the values of a statement built at run time (optional filters, patches) and hands out
 * their `$n` placeholders, so dynamic SQL is written the same way as the fixed statements.
 * @example
 * const params = new SqlParams();
 * const where = [`workspace = ${params.add(scope)}`];
 * runner.rows(sql('list', `select * from t where ${where.join(' and ')}`), params.values);
 */
export class SqlParams {
  /** The values, in placeholder order. */
  readonly values: unknown[] = [];

  /** Adds `value` and returns its placeholder (`$1`, `$2`, …). */
  add(value: unknown): string {
    return `$${this.values.push(value)}`;
  }
}
