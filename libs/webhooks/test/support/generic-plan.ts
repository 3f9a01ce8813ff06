import pg from 'pg';
import type { SqlStatement } from '@org/common/sql';

/** One node of an `explain (format json)` plan. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Loops'?: number;
  'Subplans Removed'?: number;
  Plans?: PlanNode[];
}

/**
 * The plan PostgreSQL runs for `statement` as the SqlRunner does (prepared by name, executed again
 * and again): the generic plan, forced with `plan_cache_mode`, for the given values. With `analyze`
 * the statement runs inside a transaction that is rolled back, so run-time pruning shows (pruned
 * subplans are removed or never executed) and nothing changes.
 */
export async function genericPlan(
  url: string,
  statement: SqlStatement,
  values: readonly unknown[],
  analyze = false,
): Promise<PlanNode> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin');
    await client.query('set local plan_cache_mode = force_generic_plan');
    await client.query(`prepare plan_under_test as ${statement.text}`);
    const args = values.map((value) => literal(client, value)).join(', ');
    const options = analyze ? 'analyze, costs off, format json' : 'costs off, format json';
    const { rows } = await client.query(
      `explain (${options}) execute plan_under_test${args ? `(${args})` : ''}`,
    );
    return (rows[0]['QUERY PLAN'] as Array<{ Plan: PlanNode }>)[0]!.Plan;
  } finally {
    await client.query('rollback').catch(() => undefined);
    await client.end();
  }
}

/** Every node of `plan`, depth first. */
export function planNodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(planNodes)];
}

/** The relations `plan` reads or writes whose name starts with `prefix` (executed ones only when analyzed). */
export function relationsIn(plan: PlanNode, prefix: string, executedOnly = false): string[] {
  const names = planNodes(plan)
    .filter((node) => node['Relation Name']?.startsWith(prefix))
    .filter((node) => !executedOnly || (node['Actual Loops'] ?? 0) > 0)
    .map((node) => node['Relation Name']!);
  return [...new Set(names)].sort();
}

/** `value` as an SQL literal PostgreSQL casts to the parameter's type. */
function literal(client: pg.Client, value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return client.escapeLiteral(value.toISOString());
  if (Array.isArray(value)) {
    const items = value.map((item) =>
      item === null || item === undefined
        ? 'NULL'
        : `"${String(item instanceof Date ? item.toISOString() : item).replace(/["\\]/g, (c) => `\\${c}`)}"`,
    );
    return client.escapeLiteral(`{${items.join(',')}}`);
  }
  return client.escapeLiteral(String(value));
}
