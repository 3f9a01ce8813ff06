import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parsePayloadFilter } from '../src/filters/payload-filter.parser.js';
import { matchesFilter } from '../src/filters/payload-filter.evaluator.js';
import { compileFilterPath } from '../src/filters/payload-filter.jsonpath.js';
import type { FilterNode, PayloadFilter } from '../src/filters/payload-filter.js';
import { createMigratedTestOrm, runSql, type TestOrm } from './support/pg-test-orm.js';
import { eventArbitrary, filterArbitrary } from './support/filter-arbitraries.js';

type Event = { type: string; data: Record<string, unknown> };

/**
 * The reference: the language's rules read straight off the raw filter JSON, written independently
 * of the parser and evaluator (no shared helper), so a slip in either shows as a disagreement.
 */
function reference(filter: PayloadFilter, event: Event): boolean {
  return Object.entries(filter).every(([key, spec]) => {
    if (key === '$and') return (spec as PayloadFilter[]).every((part) => reference(part, event));
    if (key === '$or') return (spec as PayloadFilter[]).some((part) => reference(part, event));
    if (key === '$not') return !reference(spec as PayloadFilter, event);
    let found = true;
    let value: unknown = { type: event.type, data: event.data };
    for (const step of key.split('.')) {
      const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
      if (!isObject || !Object.prototype.hasOwnProperty.call(value, step)) {
        found = false;
        break;
      }
      value = (value as Record<string, unknown>)[step];
    }
    const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
    const equal = (operand: unknown) => found && kind(value) === kind(operand) && value === operand;
    const ops = typeof spec === 'object' && spec !== null ? (spec as Record<string, unknown>) : { $eq: spec };
    return Object.entries(ops).every(([operator, operand]) => {
      const number = found && typeof value === 'number';
      switch (operator) {
        case '$eq':
          return equal(operand);
        case '$ne':
          return !equal(operand);
        case '$in':
          return (operand as unknown[]).some(equal);
        case '$nin':
          return !(operand as unknown[]).some(equal);
        case '$gt':
          return number && (value as number) > (operand as number);
        case '$gte':
          return number && (value as number) >= (operand as number);
        case '$lt':
          return number && (value as number) < (operand as number);
        case '$lte':
          return number && (value as number) <= (operand as number);
        case '$exists':
          return found === operand;
        case '$startsWith':
          return found && typeof value === 'string' && value.startsWith(operand as string);
        default:
          throw new Error(`generated an unknown operator ${operator}`);
      }
    });
  });
}

function parsed(filter: PayloadFilter): FilterNode {
  const result = parsePayloadFilter(filter);
  if (!result.ok) throw new Error(`generated filter refused: ${JSON.stringify(result.problems)}`);
  return result.filter;
}

/** The stored envelope of an event, as `EventRecordFactory` writes it. */
function envelope(event: Event): string {
  return `{"id":"evt_x","event":${JSON.stringify(event.type)},"created_at":"2026-12-07T00:00:00.000Z","data":${JSON.stringify(event.data)}}`;
}

describe('payload filters: the JS evaluator, PostgreSQL jsonpath and a reference agree', () => {
  let db: TestOrm;
  beforeAll(async () => {
    db = await createMigratedTestOrm();
  });
  afterAll(async () => {
    await db.close();
  });

  /** jsonb_path_match of each pair, in one statement, the document built as the fan-out builds it. */
  async function pgMatches(pairs: { path: string; payload: string; type: string }[]): Promise<boolean[]> {
    const rows = await runSql<{ i: number; matched: boolean }>(
      db.orm,
      `select (x.value->>'i')::int as i,
              jsonb_path_match(jsonb_build_object('type', x.value->>'type', 'data', (x.value->>'payload')::jsonb -> 'data'),
                               (x.value->>'path')::jsonpath) is true as matched
       from jsonb_array_elements(?::jsonb) x`,
      [JSON.stringify(pairs.map((pair, i) => ({ ...pair, i })))],
    );
    const byIndex = new Map(rows.map((row) => [row.i, row.matched]));
    return pairs.map((_, i) => byIndex.get(i) as boolean);
  }

  it('on generated filters × generated events', async () => {
    const samples = fc.sample(
      fc.tuple(filterArbitrary, fc.array(eventArbitrary, { minLength: 5, maxLength: 5 })),
      {
        numRuns: 600,
        seed: 27,
      },
    );
    const pairs: { filter: PayloadFilter; event: Event }[] = samples.flatMap(([filter, events]) =>
      events.map((event) => ({ filter, event })),
    );
    const js = pairs.map(({ filter, event }) => matchesFilter(parsed(filter), event));
    const expected = pairs.map(({ filter, event }) => reference(filter, event));
    const pg = await pgMatches(
      pairs.map(({ filter, event }) => ({
        path: compileFilterPath(parsed(filter)),
        payload: envelope(event),
        type: event.type,
      })),
    );
    const disagreements = pairs
      .map((pair, i) => ({ ...pair, js: js[i], pg: pg[i], reference: expected[i] }))
      .filter((row) => row.js !== row.reference || row.pg !== row.reference);
    expect(disagreements.slice(0, 5)).toEqual([]);
    // Not vacuous: both outcomes occur often.
    const matched = expected.filter(Boolean).length;
    expect(matched).toBeGreaterThan(pairs.length / 10);
    expect(pairs.length - matched).toBeGreaterThan(pairs.length / 10);
  });

  it('on the awkward cases written out', async () => {
    const cases: { filter: PayloadFilter; event: Event; matches: boolean }[] = [
      // An array where an object is expected is not looked into (lax jsonpath would).
      {
        filter: { 'data.items.sku': 'a' },
        event: { type: 't', data: { items: [{ sku: 'a' }] } },
        matches: false,
      },
      { filter: { 'data.tags': 'x' }, event: { type: 't', data: { tags: ['x'] } }, matches: false },
      {
        filter: { 'data.tags': { $in: ['x'] } },
        event: { type: 't', data: { tags: ['x'] } },
        matches: false,
      },
      { filter: { 'data.n': { $gt: 1 } }, event: { type: 't', data: { n: [5] } }, matches: false },
      { filter: { 'data.n': { $exists: true } }, event: { type: 't', data: { n: [] } }, matches: true },
      { filter: { 'data.n': { $exists: true } }, event: { type: 't', data: { n: null } }, matches: true },
      // Types never mix: "5" is not 5, null is only null.
      { filter: { 'data.n': 5 }, event: { type: 't', data: { n: '5' } }, matches: false },
      { filter: { 'data.n': null }, event: { type: 't', data: {} }, matches: false },
      { filter: { 'data.n': { $ne: 5 } }, event: { type: 't', data: {} }, matches: true },
      { filter: { 'data.n': { $nin: [5] } }, event: { type: 't', data: { n: 'x' } }, matches: true },
      { filter: { $not: { 'data.n': { $gt: 1 } } }, event: { type: 't', data: { n: 'big' } }, matches: true },
      // Odd keys and strings survive quoting.
      {
        filter: { 'data.we"ird.back\\slash': 'q"\\\n\u2028' },
        event: { type: 't', data: { 'we"ird': { 'back\\slash': 'q"\\\n\u2028' } } },
        matches: true,
      },
      {
        filter: { 'data.$dollar.with space': { $startsWith: 'ü😀' } },
        event: { type: 't', data: { $dollar: { 'with space': 'ü😀!' } } },
        matches: true,
      },
      { filter: { 'data.a': 1e21 }, event: { type: 't', data: { a: 1e21 } }, matches: true },
      { filter: { 'data.a': { $lt: 1e-7 } }, event: { type: 't', data: { a: 1e-8 } }, matches: true },
      { filter: { 'data.a': { $gte: -0.5 } }, event: { type: 't', data: { a: -0.5 } }, matches: true },
      { filter: { type: { $startsWith: 'order.' } }, event: { type: 'order.paid', data: {} }, matches: true },
      {
        filter: { data: { $exists: true }, 'data.x': { $exists: false } },
        event: { type: 'order.paid', data: {} },
        matches: true,
      },
      { filter: { data: { $eq: null } }, event: { type: 'order.paid', data: {} }, matches: false },
    ];
    const pg = await pgMatches(
      cases.map(({ filter, event }) => ({
        path: compileFilterPath(parsed(filter)),
        payload: envelope(event),
        type: event.type,
      })),
    );
    expect(cases.map(({ filter, event }) => matchesFilter(parsed(filter), event))).toEqual(
      cases.map((c) => c.matches),
    );
    expect(cases.map(({ filter, event }) => reference(filter, event))).toEqual(cases.map((c) => c.matches));
    expect(pg).toEqual(cases.map((c) => c.matches));
  });
});
