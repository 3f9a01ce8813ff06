import {
  jsonTypeOf,
  type FilterCondition,
  type FilterableEvent,
  type FilterNode,
  type FilterScalar,
} from './payload-filter.js';

/** A field's value in an event: `present: false` when some step of its path is not an object holding the key. */
export interface FilterFieldValue {
  present: boolean;
  value: unknown;
}

/** One condition of a filter judged against one event (what `POST /webhooks/filters/test` answers). */
export interface FilterConditionOutcome {
  condition: FilterCondition;
  field: FilterFieldValue;
  matched: boolean;
}

/**
 * The value at `keys` in `{ type, data }`: every step must be an object (not an array) holding the
 * key as its own property; arrays are never looked into.
 */
export function fieldValue(event: FilterableEvent, keys: readonly string[]): FilterFieldValue {
  let current: unknown = { type: event.type, data: event.data };
  for (const key of keys) {
    if (jsonTypeOf(current) !== 'object' || !Object.hasOwn(current as object, key))
      return { present: false, value: undefined };
    current = (current as Record<string, unknown>)[key];
  }
  return { present: true, value: current };
}

/**
 * Whether the event satisfies the condition. Two-valued: a comparison holds only when the field is
 * present, has the operand's JSON type and compares; `$ne` and `$nin` are the negations of `$eq` and
 * `$in` (so a missing field satisfies them).
 */
export function conditionHolds(condition: FilterCondition, field: FilterFieldValue): boolean {
  const { operator, operand } = condition;
  const { present, value } = field;
  switch (operator) {
    case '$exists':
      return present === operand;
    case '$eq':
      return present && sameScalar(value, operand as FilterScalar);
    case '$ne':
      return !(present && sameScalar(value, operand as FilterScalar));
    case '$in':
      return present && (operand as FilterScalar[]).some((item) => sameScalar(value, item));
    case '$nin':
      return !(present && (operand as FilterScalar[]).some((item) => sameScalar(value, item)));
    case '$gt':
      return present && typeof value === 'number' && value > (operand as number);
    case '$gte':
      return present && typeof value === 'number' && value >= (operand as number);
    case '$lt':
      return present && typeof value === 'number' && value < (operand as number);
    case '$lte':
      return present && typeof value === 'number' && value <= (operand as number);
    case '$startsWith':
      return present && typeof value === 'string' && value.startsWith(operand as string);
  }
}

function sameScalar(value: unknown, operand: FilterScalar): boolean {
  return jsonTypeOf(value) === jsonTypeOf(operand) && value === operand;
}

/** Whether the event matches the parsed filter (the in-memory fan-out and the test endpoint use it). */
export function matchesFilter(filter: FilterNode, event: FilterableEvent): boolean {
  switch (filter.kind) {
    case 'condition':
      return conditionHolds(filter, fieldValue(event, filter.keys));
    case 'and':
      return filter.nodes.every((node) => matchesFilter(node, event));
    case 'or':
      return filter.nodes.some((node) => matchesFilter(node, event));
    case 'not':
      return !matchesFilter(filter.node, event);
  }
}

/** Every condition of the filter judged on its own, in the order written (for showing why). */
export function explainFilter(filter: FilterNode, event: FilterableEvent): FilterConditionOutcome[] {
  const outcomes: FilterConditionOutcome[] = [];
  const stack: FilterNode[] = [filter];
  while (stack.length > 0) {
    const node = stack.pop() as FilterNode;
    if (node.kind === 'condition') {
      const field = fieldValue(event, node.keys);
      outcomes.push({ condition: node, field, matched: conditionHolds(node, field) });
    } else if (node.kind === 'not') stack.push(node.node);
    else for (let i = node.nodes.length - 1; i >= 0; i--) stack.push(node.nodes[i]);
  }
  return outcomes;
}
