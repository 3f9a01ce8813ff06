import { describe, expect, it } from '@jest/globals';
import { percentile, toMarkdownTable } from './stats.js';

describe('bench statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 1..100, unsorted
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('prints figure, value, baseline and ratio', () => {
    const table = toMarkdownTable([
      {
        figure: 'deliveries/s',
        chartLabel: 'deliveries/s',
        value: 5000,
        unit: '/s',
        baseline: { label: 'plain POST loop', value: 10000 },
      },
      { figure: 'publish p50', chartLabel: 'publish p50', value: 1.234, unit: 'ms', baseline: null },
    ]);
    expect(table.split('\n')).toEqual([
      '| figure | value | baseline | ratio |',
      '| --- | ---: | --- | ---: |',
      '| deliveries/s | 5,000 /s | 10,000 /s (plain POST loop) | 0.50× |',
      '| publish p50 | 1.23 ms | — | — |',
    ]);
  });
});
