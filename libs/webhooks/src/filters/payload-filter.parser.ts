import type { ApiErrorDetail } from '@org/common';
import {
  FILTER_OPERATORS,
  MAX_FILTER_CONDITIONS,
  MAX_FILTER_DEPTH,
  MAX_FILTER_IN_ITEMS,
  MAX_FILTER_STRING_LENGTH,
  type FilterCondition,
  type FilterNode,
  type FilterOperator,
  type FilterScalar,
} from './payload-filter.js';

/** The outcome of {@link parsePayloadFilter}: the parsed filter, or every problem named by its path. */
export type ParsedPayloadFilter =
  { ok: true; filter: FilterNode } | { ok: false; problems: ApiErrorDetail[] };

/** A field path: `type`, `data`, or `data.` and dot-separated non-empty keys. */
const FIELD_PATH = /^(?:type|data(?:\.[^.]+)*)$/;

/** A UTF-16 surrogate without its pair (`String.prototype.isWellFormed` is past this build's lib). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const OPERATOR_LIST = FILTER_OPERATORS.join(', ');

/**
 * Checks a filter as the API takes it and parses it. Hand-written: the language is ours (a subset of
 * MongoDB's query operators with two-valued logic) and the problems must be named by their path in
 * the request body (`filter.data.amount.$gte: must be a number`), which no schema library words so.
 * Iterative over `$and`/`$or`/`$not` is not needed: nesting stops at {@link MAX_FILTER_DEPTH}.
 * @param field the body field holding the filter, the root of every problem's name.
 */
export function parsePayloadFilter(value: unknown, field = 'filter'): ParsedPayloadFilter {
  const problems: ApiErrorDetail[] = [];
  const problem = (at: string, message: string): void =>
    void problems.push({ field: at, message: `${at}: ${message}` });
  let conditions = 0;

  const scalar = (at: string, operand: unknown): operand is FilterScalar => {
    if (operand === null || typeof operand === 'boolean') return true;
    if (typeof operand === 'number') {
      if (Number.isFinite(operand)) return true;
      problem(at, 'must be a finite number');
      return false;
    }
    if (typeof operand === 'string') return text(at, operand);
    problem(at, 'must be a string, number, boolean or null');
    return false;
  };

  const text = (at: string, operand: string): boolean => {
    if (operand.length > MAX_FILTER_STRING_LENGTH) {
      problem(at, `must be at most ${MAX_FILTER_STRING_LENGTH} characters`);
      return false;
    }
    // PostgreSQL's text and jsonpath cannot hold U+0000 or a lone surrogate.
    if (operand.includes('\u0000') || LONE_SURROGATE.test(operand)) {
      problem(at, 'must be well-formed Unicode without U+0000');
      return false;
    }
    return true;
  };

  const condition = (
    at: string,
    path: string,
    operator: FilterOperator,
    operand: unknown,
  ): FilterNode | null => {
    conditions += 1;
    const keys = path.split('.');
    const made = (checked: FilterCondition['operand']): FilterCondition => ({
      kind: 'condition',
      at,
      path,
      keys,
      operator,
      operand: checked,
    });
    switch (operator) {
      case '$eq':
      case '$ne':
        return scalar(at, operand) ? made(operand) : null;
      case '$in':
      case '$nin': {
        if (!Array.isArray(operand) || operand.length === 0 || operand.length > MAX_FILTER_IN_ITEMS) {
          problem(at, `must be a non-empty array of at most ${MAX_FILTER_IN_ITEMS} items`);
          return null;
        }
        const items = operand as unknown[];
        const good = items.map((item, index) => scalar(`${at}[${index}]`, item));
        return good.every(Boolean) ? made(items as FilterScalar[]) : null;
      }
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        if (typeof operand === 'number' && Number.isFinite(operand)) return made(operand);
        problem(at, 'must be a number');
        return null;
      case '$exists':
        if (typeof operand === 'boolean') return made(operand);
        problem(at, 'must be a boolean');
        return null;
      case '$startsWith':
        if (typeof operand === 'string') return text(at, operand) ? made(operand) : null;
        problem(at, 'must be a string');
        return null;
    }
  };

  const fieldCondition = (at: string, path: string, spec: unknown): FilterNode | null => {
    if (spec === null || typeof spec !== 'object') {
      conditions += 1;
      return scalar(at, spec)
        ? { kind: 'condition', at: `${at}.$eq`, path, keys: path.split('.'), operator: '$eq', operand: spec }
        : null;
    }
    if (Array.isArray(spec) || Object.keys(spec).some((key) => !key.startsWith('$'))) {
      problem(
        at,
        'must be a string, number, boolean, null or an operator object (objects and arrays cannot be compared)',
      );
      return null;
    }
    const entries = Object.entries(spec);
    if (entries.length === 0) {
      problem(at, `must hold at least one operator (${OPERATOR_LIST})`);
      return null;
    }
    const nodes: (FilterNode | null)[] = entries.map(([operator, operand]) => {
      if ((FILTER_OPERATORS as readonly string[]).includes(operator))
        return condition(`${at}.${operator}`, path, operator as FilterOperator, operand);
      problem(`${at}.${operator}`, `unknown operator (${OPERATOR_LIST})`);
      return null;
    });
    return allParsed(nodes) ? single(nodes) : null;
  };

  const filterObject = (at: string, spec: unknown, depth: number): FilterNode | null => {
    if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
      problem(at, 'must be an object');
      return null;
    }
    if (depth > MAX_FILTER_DEPTH) {
      problem(at, `filters may nest at most ${MAX_FILTER_DEPTH} levels deep`);
      return null;
    }
    const nodes = Object.entries(spec).map(([key, child]): FilterNode | null => {
      const childAt = `${at}.${key}`;
      if (key === '$and' || key === '$or') {
        if (!Array.isArray(child) || child.length === 0) {
          problem(childAt, 'must be a non-empty array');
          return null;
        }
        const parts = (child as unknown[]).map((item, index) =>
          filterObject(`${childAt}[${index}]`, item, depth + 1),
        );
        return allParsed(parts) ? { kind: key === '$and' ? 'and' : 'or', nodes: parts } : null;
      }
      if (key === '$not') {
        const inner = filterObject(childAt, child, depth + 1);
        return inner && { kind: 'not', node: inner };
      }
      if (key.startsWith('$')) {
        problem(childAt, 'unknown combinator ($and, $or, $not)');
        return null;
      }
      if (!FIELD_PATH.test(key)) {
        problem(childAt, 'unknown field (type or data.…)');
        return null;
      }
      if (!text(childAt, key)) return null;
      return fieldCondition(childAt, key, child);
    });
    return allParsed(nodes) ? { kind: 'and', nodes } : null;
  };

  const parsed = filterObject(field, value, 1);
  if (conditions > MAX_FILTER_CONDITIONS)
    problem(field, `must hold at most ${MAX_FILTER_CONDITIONS} conditions (this one has ${conditions})`);
  return parsed && problems.length === 0 ? { ok: true, filter: parsed } : { ok: false, problems };
}

function allParsed(nodes: (FilterNode | null)[]): nodes is FilterNode[] {
  return nodes.every((node) => node !== null);
}

/** The one node of a list, or their conjunction. */
function single(nodes: FilterNode[]): FilterNode {
  return nodes.length === 1 ? nodes[0] : { kind: 'and', nodes };
}
