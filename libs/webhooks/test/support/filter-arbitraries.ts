import fc from 'fast-check';
import type { FilterScalar, PayloadFilter } from '../../src/filters/payload-filter.js';

// Generators of filters and events over a small vocabulary, so generated filters often name fields
// generated events hold (and often do not), with the awkward cases on purpose: arrays where objects
// are expected, values of the wrong JSON type, null, and keys that need quoting.

/** Keys, including ones jsonpath must quote (quotes, backslashes, `$`, spaces, unicode). */
export const FILTER_KEYS = [
  'a',
  'b',
  'amount',
  'we"ird',
  'back\\slash',
  '$dollar',
  'with space',
  'ünï😀',
  '__proto__',
];
/** The event types generated events have (a catalogue for the end-to-end suites). */
export const FILTER_EVENT_TYPES = ['order.created', 'order.paid', 'invoice.sent'];
const STRINGS = ['', 'x', 'order', 'order.created', 'eu', 'EU', 'a"b', 'c\\d', 'ü😀', '$'];
const NUMBERS = [0, 1, -1, 2.5, 100, 1e21, 1e-7, -0.5, 0.1];

export const scalarArbitrary: fc.Arbitrary<FilterScalar> = fc.oneof(
  fc.constantFrom(...STRINGS),
  fc.constantFrom(...NUMBERS),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
  fc.boolean(),
  fc.constant(null),
);

const pathArbitrary: fc.Arbitrary<string> = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom('type', 'data') },
  {
    weight: 6,
    arbitrary: fc
      .array(fc.constantFrom(...FILTER_KEYS), { minLength: 1, maxLength: 3 })
      .map((keys) => `data.${keys.join('.')}`),
  },
);

const operatorObject: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  scalarArbitrary.map((value) => ({ $eq: value })),
  scalarArbitrary.map((value) => ({ $ne: value })),
  fc.array(scalarArbitrary, { minLength: 1, maxLength: 4 }).map((values) => ({ $in: values })),
  fc.array(scalarArbitrary, { minLength: 1, maxLength: 4 }).map((values) => ({ $nin: values })),
  fc
    .tuple(
      fc.constantFrom('$gt', '$gte', '$lt', '$lte'),
      fc.oneof(fc.constantFrom(...NUMBERS), fc.integer({ min: -5, max: 200 })),
    )
    .map(([operator, value]) => ({ [operator]: value })),
  fc.boolean().map((value) => ({ $exists: value })),
  fc.constantFrom('', 'o', 'order', 'e', 'ü', 'a"').map((value) => ({ $startsWith: value })),
  fc
    .tuple(fc.constantFrom(...NUMBERS), fc.constantFrom(...NUMBERS))
    .map(([low, high]) => ({ $gte: low, $lt: high })),
);

/** Filters of at most depth 4 and a handful of conditions (well inside the limits). */
export const filterArbitrary: fc.Arbitrary<PayloadFilter> = fc.letrec<{ filter: PayloadFilter }>((tie) => ({
  filter: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.dictionary(pathArbitrary, fc.oneof(scalarArbitrary, operatorObject), { minKeys: 1, maxKeys: 2 }),
    fc.array(tie('filter'), { minLength: 1, maxLength: 3 }).map((filters) => ({ $and: filters })),
    fc.array(tie('filter'), { minLength: 1, maxLength: 3 }).map((filters) => ({ $or: filters })),
    tie('filter').map((filter) => ({ $not: filter })),
  ),
})).filter;

const valueArbitrary: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarArbitrary,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...FILTER_KEYS), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Events: a type from a few, and `data` objects over the same keys as the filters. */
export const eventArbitrary: fc.Arbitrary<{ type: string; data: Record<string, unknown> }> = fc.record({
  type: fc.constantFrom(...FILTER_EVENT_TYPES),
  data: fc.dictionary(fc.constantFrom(...FILTER_KEYS), valueArbitrary, { maxKeys: 5 }),
});
