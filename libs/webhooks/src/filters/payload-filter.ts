/**
 * A payload filter as the API takes it (`filter` of a subscription): a JSON object of field paths
 * (`type`, `data`, `data.<key>…`) and combinators (`$and`, `$or`, `$not`); see docs/endpoints.md.
 */
export type PayloadFilter = { [key: string]: unknown };

/** What a filter is evaluated against: the event's type and its `data`. */
export interface FilterableEvent {
  type: string;
  data: unknown;
}

/** A value a condition compares with. */
export type FilterScalar = string | number | boolean | null;

/** The operators of a field condition. */
export const FILTER_OPERATORS = [
  '$eq',
  '$ne',
  '$in',
  '$nin',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$exists',
  '$startsWith',
] as const;

/** One operator of a field condition. */
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

/** The combinators of a filter object. */
export const FILTER_COMBINATORS = ['$and', '$or', '$not'] as const;

/** How deeply filter objects may nest (the top level is 1; each `$and`/`$or`/`$not` adds one). */
export const MAX_FILTER_DEPTH = 8;
/** How many conditions (operators, or scalar equalities) a filter may hold in all. */
export const MAX_FILTER_CONDITIONS = 50;
/** The longest string operand, and the longest field path. */
export const MAX_FILTER_STRING_LENGTH = 1000;
/** The most items of an `$in` / `$nin` list. */
export const MAX_FILTER_IN_ITEMS = 100;

/** One condition of a parsed filter: where it is written, the field, the operator and its operand. */
export interface FilterCondition {
  kind: 'condition';
  /** Where the condition is written, as validation errors name it (`filter.$or[0].data.x.$eq`). */
  at: string;
  /** The field path as written (`data.amount`). */
  path: string;
  /** Its keys (`['data', 'amount']`). */
  keys: string[];
  operator: FilterOperator;
  /** A scalar; an array of scalars for `$in`/`$nin`; a boolean for `$exists`. */
  operand: FilterScalar | FilterScalar[];
}

/** A parsed filter: conditions under `and` / `or` / `not`. */
export type FilterNode =
  | FilterCondition
  | { kind: 'and'; nodes: FilterNode[] }
  | { kind: 'or'; nodes: FilterNode[] }
  | { kind: 'not'; node: FilterNode };

/** The JSON type of a value, as jsonpath's `.type()` names it. */
export function jsonTypeOf(value: unknown): 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return type;
  return 'object';
}
