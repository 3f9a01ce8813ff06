import { describe, expect, it } from '@jest/globals';
import { decodeCursor, encodeCursor, toPage } from './pagination/cursor.js';
import { isPrefixedId, newId, newUnguessableId } from './ids/prefixed-id.js';
import { safeEqual } from './crypto/safe-equal.js';
import { ManualClock } from './clock/clock.js';

describe('newId', () => {
  it('is prefixed, well-formed and strictly increasing even within one millisecond', () => {
    const ids = Array.from({ length: 1000 }, () => newId('evt', 1_700_000_000_000));
    expect(ids.every((id) => isPrefixedId(id, 'evt'))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sorts by creation time across milliseconds', () => {
    const earlier = newId('whk', 1_700_000_000_000);
    const later = newId('whk', 1_700_000_000_001);
    expect(earlier < later).toBe(true);
    expect(isPrefixedId(earlier, 'evt')).toBe(false);
  });
});

describe('newUnguessableId', () => {
  it('is well-formed with a fresh random part even within one millisecond (no id is its neighbour plus one)', () => {
    const at = 1_700_000_000_000;
    // 1,000 ids draw 10,000 random bytes: across several refills of the random pool.
    const ids = Array.from({ length: 1000 }, () => newUnguessableId('src', at));
    expect(ids.every((id) => isPrefixedId(id, 'src'))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    // Same millisecond, same time part.
    expect(new Set(ids.map((id) => id.slice(4, 14))).size).toBe(1);
    // Consecutive ids differ in more than their last character, unlike newId's increments.
    const nearNeighbours = ids.slice(1).filter((id, i) => id.slice(0, -1) === ids[i].slice(0, -1));
    expect(nearNeighbours).toEqual([]);
  });
});

describe('cursor', () => {
  it('round-trips and rejects foreign cursors with a 400', () => {
    expect(decodeCursor(encodeCursor('whk_1'))).toBe('whk_1');
    expect(decodeCursor(undefined)).toBeUndefined();
    expect(() => decodeCursor('not-a-cursor')).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('builds pages from limit + 1 rows', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(toPage(rows, 2, (r) => r.id)).toEqual({
      data: rows.slice(0, 2),
      has_more: true,
      next_cursor: encodeCursor('b'),
    });
    expect(toPage(rows, 3, (r) => r.id)).toEqual({ data: rows, has_more: false, next_cursor: null });
  });
});

describe('safeEqual', () => {
  it('compares by content, including different lengths', () => {
    expect(safeEqual('whsec_abc', 'whsec_abc')).toBe(true);
    expect(safeEqual('whsec_abc', 'whsec_abd')).toBe(false);
    expect(safeEqual('short', 'a much longer value')).toBe(false);
  });
});

describe('ManualClock', () => {
  it('moves only when told', () => {
    const clock = new ManualClock(1000);
    clock.advance(500);
    expect(clock.now().getTime()).toBe(1500);
  });
});
