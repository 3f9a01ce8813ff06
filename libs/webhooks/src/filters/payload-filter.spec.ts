import { describe, expect, it } from '@jest/globals';
import { explainFilter, matchesFilter } from './payload-filter.evaluator.js';
import { parsePayloadFilter } from './payload-filter.parser.js';

const problemsOf = (filter: unknown) => {
  const result = parsePayloadFilter(filter);
  return result.ok ? [] : result.problems.map((p) => p.message);
};

const nested = (depth: number): unknown => (depth === 1 ? { type: 'x' } : { $not: nested(depth - 1) });

describe('parsePayloadFilter', () => {
  it('accepts the whole language', () => {
    expect(
      problemsOf({
        type: { $startsWith: 'order.' },
        data: { $exists: true },
        'data.a.b': null,
        $and: [{ 'data.n': { $gt: 1, $gte: 1, $lt: 9, $lte: 9 } }],
        $or: [{ 'data.s': { $in: ['a', 1, true, null] } }, { 'data.s': { $nin: ['b'] } }],
        $not: { 'data.t': { $eq: 'x', $ne: 'y' } },
      }),
    ).toEqual([]);
  });

  it.each([
    [[], 'filter: must be an object'],
    [{ $or: [] }, 'filter.$or: must be a non-empty array'],
    [{ $and: {} }, 'filter.$and: must be a non-empty array'],
    [{ $and: [1] }, 'filter.$and[0]: must be an object'],
    [{ $not: [] }, 'filter.$not: must be an object'],
    [{ $nor: [] }, 'filter.$nor: unknown combinator ($and, $or, $not)'],
    [{ 'dat.x': 1 }, 'filter.dat.x: unknown field (type or data.…)'],
    [{ 'data..x': 1 }, 'filter.data..x: unknown field (type or data.…)'],
    [{ 'type.x': 1 }, 'filter.type.x: unknown field (type or data.…)'],
    [
      { 'data.x': {} },
      'filter.data.x: must hold at least one operator ($eq, $ne, $in, $nin, $gt, $gte, $lt, $lte, $exists, $startsWith)',
    ],
    [
      { 'data.x': { a: 1 } },
      'filter.data.x: must be a string, number, boolean, null or an operator object (objects and arrays cannot be compared)',
    ],
    [
      { 'data.x': [1] },
      'filter.data.x: must be a string, number, boolean, null or an operator object (objects and arrays cannot be compared)',
    ],
    [
      { 'data.x': { $regex: 'a' } },
      'filter.data.x.$regex: unknown operator ($eq, $ne, $in, $nin, $gt, $gte, $lt, $lte, $exists, $startsWith)',
    ],
    [{ 'data.x': { $eq: [1] } }, 'filter.data.x.$eq: must be a string, number, boolean or null'],
    [{ 'data.x': { $ne: Infinity } }, 'filter.data.x.$ne: must be a finite number'],
    [{ 'data.x': { $in: [] } }, 'filter.data.x.$in: must be a non-empty array of at most 100 items'],
    [
      { 'data.x': { $nin: Array(101).fill(1) } },
      'filter.data.x.$nin: must be a non-empty array of at most 100 items',
    ],
    [{ 'data.x': { $in: [{}] } }, 'filter.data.x.$in[0]: must be a string, number, boolean or null'],
    [{ 'data.x': { $gte: '1' } }, 'filter.data.x.$gte: must be a number'],
    [{ 'data.x': { $exists: 1 } }, 'filter.data.x.$exists: must be a boolean'],
    [{ 'data.x': { $startsWith: 1 } }, 'filter.data.x.$startsWith: must be a string'],
    [{ 'data.x': 'y'.repeat(1001) }, 'filter.data.x: must be at most 1000 characters'],
    [{ 'data.x': 'a\u0000' }, 'filter.data.x: must be well-formed Unicode without U+0000'],
    [{ 'data.x': '\ud800' }, 'filter.data.x: must be well-formed Unicode without U+0000'],
    [{ [`data.${'k'.repeat(1000)}`]: 1 }, `filter.data.${'k'.repeat(1000)}: must be at most 1000 characters`],
    [nested(9), 'filter.$not.$not.$not.$not.$not.$not.$not.$not: filters may nest at most 8 levels deep'],
    [
      Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`data.k${i}`, i])),
      'filter: must hold at most 50 conditions (this one has 51)',
    ],
  ])('refuses %j: %s', (filter, message) => {
    expect(problemsOf(filter)).toEqual([message]);
  });

  it('accepts the limits themselves', () => {
    expect(problemsOf(nested(8))).toEqual([]);
    expect(problemsOf(Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`data.k${i}`, i])))).toEqual(
      [],
    );
    expect(problemsOf({ 'data.x': { $in: Array(100).fill('y'.repeat(1000)) } })).toEqual([]);
  });
});

describe('the evaluator', () => {
  const parsed = (filter: unknown) => {
    const result = parsePayloadFilter(filter);
    if (!result.ok) throw new Error('refused');
    return result.filter;
  };
  const event = { type: 'order.paid', data: { amount: 250, tags: ['vip'], customer: { country: 'DE' } } };

  it.each([
    [{ type: 'order.paid' }, true],
    [{ type: { $startsWith: 'invoice.' } }, false],
    [{ 'data.customer.country': { $in: ['DE', 'FR'] } }, true],
    [{ 'data.customer.country': { $nin: ['DE'] } }, false],
    [{ 'data.amount': { $gt: 100, $lte: 250 } }, true],
    [{ 'data.amount': '250' }, false],
    [{ 'data.tags': { $exists: true } }, true],
    [{ 'data.tags.0': { $exists: true } }, false],
    [{ 'data.missing': { $ne: 1 } }, true],
    [{ $or: [{ 'data.amount': { $lt: 0 } }, { 'data.customer.country': 'DE' }] }, true],
    [{ $and: [{ 'data.amount': 250 }, { $not: { type: 'order.paid' } }] }, false],
  ])('%j matches: %s', (filter, expected) => {
    expect(matchesFilter(parsed(filter), event)).toBe(expected);
  });

  it('explains each condition in the order written, under $not too', () => {
    const outcomes = explainFilter(
      parsed({ 'data.amount': 250, $not: { 'data.x': { $exists: true } } }),
      event,
    );
    expect(outcomes.map((o) => [o.condition.at, o.field.present, o.matched])).toEqual([
      ['filter.data.amount.$eq', true, true],
      ['filter.$not.data.x.$exists', false, false],
    ]);
  });
});
