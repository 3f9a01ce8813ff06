import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  containsNul,
  exceedsJsonDepth,
  hasControlCharacters,
  mapJsonStrings,
  MAX_JSON_DEPTH,
} from './json-shape.js';

/** A value nested exactly `depth` levels (objects and arrays alternating), built without recursion. */
function nestedValue(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level++) value = level % 2 ? [value] : { k: value };
  return value;
}

const keys = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'toString', 'valueOf'),
  fc.string({ maxLength: 6 }),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 6 }),
    fc.integer(),
    fc.constant(null),
    tie('array'),
    tie('object'),
  ),
  array: fc.array(tie('value'), { maxLength: 3 }),
  object: fc.dictionary(keys, tie('value'), { maxKeys: 3 }),
})).value;

describe('json shape checks', () => {
  it('exceedsJsonDepth is true exactly above the limit, for any depth (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), (depth) => {
        expect(exceedsJsonDepth(nestedValue(depth), MAX_JSON_DEPTH)).toBe(depth > MAX_JSON_DEPTH);
      }),
    );
  });

  it('walks 1,000,000 levels without overflowing the stack', () => {
    expect(exceedsJsonDepth(nestedValue(1_000_000))).toBe(true);
    expect(containsNul(nestedValue(1_000_000))).toBe(false);
  });

  it('finds U+0000 in any key or string, and only there (property)', () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(containsNul(value)).toBe(JSON.stringify(value).includes('\\u0000'));
      }),
    );
  });

  it('mapJsonStrings copies exactly, own __proto__ keys included, when the map is the identity (property)', () => {
    fc.assert(
      fc.property(json, (value) => {
        const copy = mapJsonStrings(value, (text) => text);
        expect(JSON.stringify(copy)).toBe(JSON.stringify(value));
        if (copy !== null && typeof copy === 'object' && !Array.isArray(copy)) {
          expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
        }
      }),
    );
  });

  it('mapJsonStrings replaces NUL everywhere, keys included', () => {
    const value = JSON.parse('{"a\\u0000":["x\\u0000",{"__proto__":"y\\u0000"}]}');
    const mapped = mapJsonStrings(value, (text) => text.replaceAll('\u0000', '\uFFFD'));
    expect(JSON.stringify(mapped)).toBe('{"a\uFFFD":["x\uFFFD",{"__proto__":"y\uFFFD"}]}');
  });

  it('hasControlCharacters matches U+0000-U+001F and U+007F only', () => {
    for (let code = 0; code < 0x80; code++) {
      expect(hasControlCharacters(`a${String.fromCharCode(code)}b`)).toBe(code < 0x20 || code === 0x7f);
    }
  });
});
