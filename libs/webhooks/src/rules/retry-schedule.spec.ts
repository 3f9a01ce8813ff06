import { describe, expect, it } from '@jest/globals';
import {
  formatRetrySchedule,
  InvalidRetryScheduleError,
  nextAttemptDelay,
  parseRetrySchedule,
} from './retry-schedule.js';

describe('parseRetrySchedule', () => {
  it('parses the default schedule', () => {
    expect(parseRetrySchedule('0,30s,2m,10m,1h')).toEqual([0, 30_000, 120_000, 600_000, 3_600_000]);
  });

  it('knows every unit, bare seconds, decimals, spaces and case', () => {
    expect(parseRetrySchedule(' 250ms , 5 , 1.5m,2H, 1d ,0s')).toEqual([
      250, 5_000, 90_000, 7_200_000, 86_400_000, 0,
    ]);
    expect(parseRetrySchedule('1.1s,0.3m,2.7h')).toEqual([1_100, 18_000, 9_720_000]);
  });

  it('allows delays that do not grow, since each is measured from the previous attempt', () => {
    expect(parseRetrySchedule('1m,1m,30s')).toEqual([60_000, 60_000, 30_000]);
  });

  it.each([
    ['', /at least one delay/],
    ['   ', /at least one delay/],
    ['0,,1m', /entry 2 \(""\) is empty/],
    ['0,30s,', /entry 3 \(""\) is empty/],
    ['0,-30s', /entry 2 \("-30s"\) is negative/],
    ['0,30x', /entry 2 \("30x"\) is not a delay/],
    ['1w', /entry 1 \("1w"\) is not a delay/],
    ['abc', /entry 1 \("abc"\) is not a delay/],
    ['0.5ms', /entry 1 \("0.5ms"\) is not a whole number of milliseconds/],
    ['1e3', /entry 1 \("1e3"\) is not a delay/],
  ])('refuses %j naming the bad entry', (text, message) => {
    expect(() => parseRetrySchedule(text)).toThrow(InvalidRetryScheduleError);
    expect(() => parseRetrySchedule(text)).toThrow(message);
  });
});

describe('formatRetrySchedule', () => {
  it('writes the shortest exact form and round-trips', () => {
    expect(formatRetrySchedule([0, 30_000, 120_000, 600_000, 3_600_000])).toBe('0,30s,2m,10m,1h');
    expect(formatRetrySchedule([250, 90_000, 86_400_000, 1_500])).toBe('250ms,90s,1d,1500ms');
    const schedule = [0, 1, 999, 61_000, 7_200_000];
    expect(parseRetrySchedule(formatRetrySchedule(schedule))).toEqual(schedule);
  });
});

describe('nextAttemptDelay', () => {
  const schedule = parseRetrySchedule('0,30s,2m,10m,1h');

  it('gives the delay before each 1-based attempt and null after the last', () => {
    expect([1, 2, 3, 4, 5].map((n) => nextAttemptDelay(schedule, n))).toEqual(schedule);
    expect(nextAttemptDelay(schedule, 6)).toBeNull();
  });

  it('spreads delays by the jitter fraction, both ways', () => {
    expect(nextAttemptDelay(schedule, 2, { jitter: 0.1, random: () => 0 })).toBe(27_000);
    expect(nextAttemptDelay(schedule, 2, { jitter: 0.1, random: () => 0.5 })).toBe(30_000);
    expect(nextAttemptDelay(schedule, 2, { jitter: 0.1, random: () => 0.999999 })).toBe(33_000);
    expect(nextAttemptDelay(schedule, 1, { jitter: 1, random: () => 0.9 })).toBe(0);
    for (let i = 0; i < 100; i++) {
      const delay = nextAttemptDelay(schedule, 5, { jitter: 0.2 })!;
      expect(delay).toBeGreaterThanOrEqual(2_880_000);
      expect(delay).toBeLessThanOrEqual(4_320_000);
    }
  });

  it('refuses attempt numbers below 1 and jitter outside [0, 1]', () => {
    expect(() => nextAttemptDelay(schedule, 0)).toThrow(/start at 1/);
    expect(() => nextAttemptDelay(schedule, 1, { jitter: 1.5 })).toThrow(/jitter/);
    expect(() => nextAttemptDelay(schedule, 1, { jitter: Number.NaN })).toThrow(/jitter/);
  });
});
