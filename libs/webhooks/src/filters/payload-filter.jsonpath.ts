import { jsonTypeOf, type FilterCondition, type FilterNode, type FilterScalar } from './payload-filter.js';

/** A jsonpath predicate that is always true (the conjunction of nothing). */
const TRUE = '(1 == 1)';

/**
 * The filter as an SQL/JSON path predicate over `{ "type": …, "data": … }`, for
 * `jsonb_path_match(doc, filter_path)` in the fan-out statement: compiled once when the filter is
 * stored, so fan-out runs no statement per event. Lax mode looks into arrays on its own (an accessor
 * applied to an array applies to each item), which the filter language does not: every step of a path
 * is guarded by `.type() == "object"` (`.type()` never unwraps) and the value by its JSON type, so the
 * predicate is true exactly when the JS evaluator (`matchesFilter`) says so. Keys and strings are
 * written as JSON string literals, which jsonpath reads with the same escapes.
 */
export function compileFilterPath(filter: FilterNode): string {
  switch (filter.kind) {
    case 'condition':
      return conditionPath(filter);
    case 'and':
      return filter.nodes.length === 0 ? TRUE : `(${filter.nodes.map(compileFilterPath).join(' && ')})`;
    case 'or':
      return `(${filter.nodes.map(compileFilterPath).join(' || ')})`;
    case 'not':
      return `!(${compileFilterPath(filter.node)})`;
  }
}

function conditionPath(condition: FilterCondition): string {
  const steps = condition.keys.map((key) => `.${JSON.stringify(key)}`);
  const at = (count: number): string => `$${steps.slice(0, count).join('')}`;
  // Every step before the last is an object (the root `$` always is).
  const guards = steps.slice(1).map((_, index) => `${at(index + 1)}.type() == "object"`);
  const value = at(steps.length);
  const all = (...parts: string[]): string => `(${[...guards, ...parts].join(' && ')})`;
  const typed = (type: string, comparison: string): string => all(`${value}.type() == "${type}"`, comparison);
  const equals = (operand: FilterScalar): string =>
    operand === null
      ? all(`${value}.type() == "null"`)
      : typed(jsonTypeOf(operand), `${value} == ${literal(operand)}`);
  const { operand } = condition;
  switch (condition.operator) {
    case '$exists':
      return operand === true ? all(`exists(${value})`) : `!${all(`exists(${value})`)}`;
    case '$eq':
      return equals(operand as FilterScalar);
    case '$ne':
      return `!${equals(operand as FilterScalar)}`;
    case '$in':
      return `(${(operand as FilterScalar[]).map(equals).join(' || ')})`;
    case '$nin':
      return `!(${(operand as FilterScalar[]).map(equals).join(' || ')})`;
    case '$gt':
      return typed('number', `${value} > ${literal(operand as number)}`);
    case '$gte':
      return typed('number', `${value} >= ${literal(operand as number)}`);
    case '$lt':
      return typed('number', `${value} < ${literal(operand as number)}`);
    case '$lte':
      return typed('number', `${value} <= ${literal(operand as number)}`);
    case '$startsWith':
      return typed('string', `${value} starts with ${literal(operand as string)}`);
  }
}

/** A scalar as a jsonpath literal: JSON's spelling is jsonpath's for strings, numbers, booleans. */
function literal(operand: Exclude<FilterScalar, null>): string {
  return JSON.stringify(operand);
}
