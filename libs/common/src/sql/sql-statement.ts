/**
 * One SQL statement with `$1…$n` parameters and a name. The name identifies it in logs and errors
 * and, when `prepared`, is the name PostgreSQL prepares it under on each pool connection (so it is
 * parsed and planned once per connection). A prepared name must always carry the same text.
 */
export interface SqlStatement {
  /** Unique across the application, e.g. `webhooks_claim`. */
  readonly name: string;
  /** The SQL, with `$n` placeholders. */
  readonly text: string;
  /** Prepare by name on the native pool. @default false */
  readonly prepared: boolean;
  /** Run again (up to 3 times) after a deadlock or serialization failure; only for idempotent, atomic statements. @default false */
  readonly retried: boolean;
}

/**
 * Declares a statement.
 * @example
 * export const FIND_EVENT = sql('webhooks_find_event', 'select * from webhook_event where id = $1');
 */
export function sql(
  name: string,
  text: string,
  options: { prepared?: boolean; retried?: boolean } = {},
): SqlStatement {
  return { name, text, prepared: options.prepared ?? false, retried: options.retried ?? false };
}
