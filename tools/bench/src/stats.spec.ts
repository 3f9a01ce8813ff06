import { describe, expect, it } from '@jest/globals';
import type { BenchRow } from './bench.types.js';
import { percentile, ratioOf, rowLabel, sideBySide, toMarkdownTable, toResultsTable } from './stats.js';

describe('bench statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 1..100, unsorted
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  /** A figure with a baseline that has a short name, one with an unnamed baseline, one without any. */
  const rows: BenchRow[] = [
    {
      figure: 'Deliveries/s end to end (2000 events × 5 subscriptions)',
      chartLabel: 'Deliveries/s end to end',
      value: 5000,
      unit: '/s',
      baseline: { label: 'ceiling: sign + POST loop, no database', chartLabel: 'ceiling', value: 10000 },
    },
    {
      figure: 'Publish p50 (same load)',
      chartLabel: 'Publish p50',
      value: 1.234,
      unit: 'ms',
      baseline: { label: 'bare', value: 1 },
    },
    {
      figure: 'Disk per event (its day partition)',
      chartLabel: 'Disk per event',
      value: 1060.4,
      unit: 'B',
      baseline: null,
    },
  ];

  it('prints figure, value, baseline and ratio', () => {
    expect(toMarkdownTable(rows).split('\n')).toEqual([
      '| figure | value | baseline | ratio |',
      '| --- | ---: | --- | ---: |',
      '| Deliveries/s end to end (2000 events × 5 subscriptions) | 5,000 /s | 10,000 /s (ceiling: sign + POST loop, no database) | 0.50× |',
      '| Publish p50 (same load) | 1.23 ms | 1 ms (bare) | 1.23× |',
      '| Disk per event (its day partition) | 1,060 B | — | — |',
    ]);
  });

  it('gives ratios to three significant digits or so, and none without a baseline', () => {
    const row = (value: number, baseline: number | null) => ({
      figure: 'f',
      chartLabel: 'f',
      value,
      unit: 'ms',
      baseline: baseline === null ? null : { label: 'b', value: baseline },
    });
    expect(ratioOf(row(1, 2))).toBe('0.50×');
    expect(ratioOf(row(48.3, 1))).toBe('48.3×');
    expect(ratioOf(row(6252.4, 1))).toBe('6,252×');
    expect(ratioOf(row(1, 0))).toBeNull();
    expect(ratioOf(row(1, null))).toBeNull();
  });

  it('prints the short table of the benchmarks page: chart names, baseline named after its value', () => {
    expect(toResultsTable(rows).split('\n')).toEqual([
      '| figure | value | baseline | ratio |',
      '| --- | ---: | --- | ---: |',
      '| Deliveries/s end to end | 5,000 /s | 10,000 /s, ceiling | 0.50× |',
      '| Publish p50 | 1.23 ms | 1 ms, bare | 1.23× |',
      '| Disk per event | 1,060 B | — | — |',
    ]);
  });

  /** One figure measured on each platform, run after run, and a platform-free one. */
  const perPlatform: BenchRow[] = [
    { ...rows[0], platform: 'express' },
    { ...rows[1], platform: 'express' },
    { ...rows[0], value: 6000, platform: 'fastify' },
    { ...rows[1], value: 0.9, platform: 'fastify' },
    rows[2],
  ];

  it("puts each figure's platforms side by side, in the order the figures first appear", () => {
    expect(sideBySide(perPlatform).map(rowLabel)).toEqual([
      'Deliveries/s end to end (Express)',
      'Deliveries/s end to end (Fastify)',
      'Publish p50 (Express)',
      'Publish p50 (Fastify)',
      'Disk per event',
    ]);
  });

  it('prints a platform column when the rows were measured on platforms', () => {
    expect(toResultsTable(perPlatform).split('\n')).toEqual([
      '| figure | platform | value | baseline | ratio |',
      '| --- | --- | ---: | --- | ---: |',
      '| Deliveries/s end to end | Express | 5,000 /s | 10,000 /s, ceiling | 0.50× |',
      '| Deliveries/s end to end | Fastify | 6,000 /s | 10,000 /s, ceiling | 0.60× |',
      '| Publish p50 | Express | 1.23 ms | 1 ms, bare | 1.23× |',
      '| Publish p50 | Fastify | 0.9 ms | 1 ms, bare | 0.90× |',
      '| Disk per event | — | 1,060 B | — | — |',
    ]);
    expect(toMarkdownTable(perPlatform).split('\n')[2]).toBe(
      '| Deliveries/s end to end (2000 events × 5 subscriptions) | Express | 5,000 /s | 10,000 /s (ceiling: sign + POST loop, no database) | 0.50× |',
    );
  });
});
