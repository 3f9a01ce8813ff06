import { describe, expect, it } from '@jest/globals';
import { retryAfterMs } from './retry-after.js';

const NOW = new Date('2026-10-21T07:28:00.000Z');

describe('retryAfterMs', () => {
  it('reads delay-seconds and HTTP dates', () => {
    expect(retryAfterMs('2', NOW)).toBe(2_000);
    expect(retryAfterMs(' 120 ', NOW)).toBe(120_000);
    expect(retryAfterMs('Wed, 21 Oct 2026 07:28:30 GMT', NOW)).toBe(30_000);
  });

  it('clamps to [0, 1 h]: a date in the past is now, a far one is an hour', () => {
    expect(retryAfterMs('Wed, 21 Oct 2026 07:00:00 GMT', NOW)).toBe(0);
    expect(retryAfterMs('86400', NOW)).toBe(3_600_000);
    expect(retryAfterMs('Fri, 01 Jan 2100 00:00:00 GMT', NOW)).toBe(3_600_000);
  });

  it('ignores absent and malformed values', () => {
    for (const value of [undefined, '', 'soon', '-5', '1.5', '5 s', '0x10', 'Someday, 99 Foo'])
      expect(retryAfterMs(value, NOW)).toBeNull();
  });
});
