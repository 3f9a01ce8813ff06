import type {
  CiphertextReplacement,
  StaleCiphertexts,
  StaleCiphertextQuery,
} from '../crypto/secret-ciphertext-store.interface.js';
import type { SqlRunner } from './sql-runner.js';
import { sql, type SqlStatement } from './sql-statement.js';

/**
 * The two statements of `SecretCiphertextStore` over a table whose jsonb columns (`secrets` unless
 * named) hold arrays of `{ "ciphertext": … }` objects (`webhook_subscription`, `inbound_source`), so both
 * libraries' adapters re-encrypt alike. `left(…)` rather than `like`: the key id may hold `_`.
 */
export class SecretCiphertextStatements {
  private readonly list: SqlStatement;
  private readonly replace: SqlStatement;

  /**
   * @param table the table's name, a constant of the adapter (never user input).
   * @param columns its jsonb columns holding `{ "ciphertext": … }` arrays (constants too); a
   *   ciphertext is unique (random IV), so a replacement finds its one place in any of them.
   */
  constructor(table: string, columns: readonly string[] = ['secrets']) {
    const stale = `left(e->>'ciphertext', length($1)) <> $1`;
    const elements = columns
      .map(
        (column, c) =>
          `select e, ${c} as c, i from jsonb_array_elements(t."${column}") with ordinality as x(e, i)`,
      )
      .join(' union all ');
    this.list = sql(
      `${table}_stale_ciphertexts`,
      `select t.id, (select jsonb_agg(e->'ciphertext' order by c, i) from (${elements}) a where ${stale}) as ciphertexts
         from "${table}" t
        where ($2::text is null or t.id > $2)
          and exists (select 1 from (${elements}) a where ${stale})
        order by t.id limit $3`,
    );
    const replaced = (column: string) =>
      `"${column}" = coalesce((select jsonb_agg(case when r.new is null then e
                                   else jsonb_set(e, '{ciphertext}', to_jsonb(r.new)) end order by i)
                 from jsonb_array_elements(t."${column}") with ordinality as x(e, i)
                 left join r on r.id = t.id and r.old = e->>'ciphertext'), '[]'::jsonb)`;
    // One row per replaced ciphertext in `r`; a ciphertext rotated away meanwhile matches nothing and
    // stays away. RETURNING sees the new row, so it counts the replacements that landed.
    this.replace = sql(
      `${table}_replace_ciphertexts`,
      `with r as (select * from unnest($1::text[], $2::text[], $3::text[]) as r(id, old, new))
       update "${table}" t
          set ${columns.map(replaced).join(', ')}
        where t.id in (select id from r)
          and exists (select 1 from (${elements}) a join r on r.id = t.id and r.old = a.e->>'ciphertext')
       returning (select count(*) from (${elements}) a
                    join r on r.id = t.id and r.new = a.e->>'ciphertext')::int as replaced`,
      // Idempotent (a replaced ciphertext is no longer there to match) and one statement.
      { retried: true },
    );
  }

  /** See `SecretCiphertextStore.listStaleCiphertexts`. */
  async listStale(runner: SqlRunner, query: StaleCiphertextQuery): Promise<StaleCiphertexts[]> {
    const rows = await runner.rows<{ id: string; ciphertexts: unknown }>(this.list, [
      query.currentPrefix,
      query.after,
      query.limit,
    ]);
    return rows.map((row) => ({
      id: row.id,
      ciphertexts: (typeof row.ciphertexts === 'string'
        ? JSON.parse(row.ciphertexts)
        : row.ciphertexts) as string[],
    }));
  }

  /** See `SecretCiphertextStore.replaceCiphertexts`. */
  async replaceAll(runner: SqlRunner, replacements: readonly CiphertextReplacement[]): Promise<number> {
    if (replacements.length === 0) return 0;
    const rows = await runner.rows<{ replaced: number }>(this.replace, [
      replacements.map((r) => r.id),
      replacements.map((r) => r.from),
      replacements.map((r) => r.to),
    ]);
    return rows.reduce((sum, row) => sum + Number(row.replaced), 0);
  }
}
