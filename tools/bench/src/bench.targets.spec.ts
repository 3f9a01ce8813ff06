import { describe, expect, it } from '@jest/globals';
import { BENCH_TARGETS, checkTarget, toTargetsTable, type BenchTarget } from './bench.targets.js';
import type { BenchRow, Platform } from './bench.types.js';

const rate: BenchTarget = {
  name: 'rate ≥ 0.5× bare',
  figure: 'rate',
  of: 'ratio',
  comparison: '≥',
  bound: 0.5,
};
const p99: BenchTarget = { name: 'p99 ≤ 25 ms', figure: 'p99', of: 'value', comparison: '≤', bound: 25 };
const batch: BenchTarget = {
  name: 'batch ≥ 20,000/s',
  figure: 'batch',
  of: 'value',
  comparison: '≥',
  bound: 20_000,
};

const row = (
  chartLabel: string,
  value: number,
  unit: string,
  baseline: number | null,
  platform?: Platform,
): BenchRow => ({
  figure: chartLabel,
  chartLabel,
  value,
  unit,
  baseline: baseline === null ? null : { label: 'bare', value: baseline },
  ...(platform ? { platform } : {}),
});

describe('the targets table', () => {
  const rows = [
    row('rate', 600, 'req/s', 1000, 'express'),
    row('p99', 30, 'ms', null, 'express'),
    row('rate', 400, 'req/s', 1000, 'fastify'),
    row('p99', 25, 'ms', null, 'fastify'),
  ];

  it('reads each target from its figure on each platform: ratio or value, bound included', () => {
    expect(checkTarget(rate, rows, 'express')).toEqual({ shown: '0.60×', met: true });
    expect(checkTarget(rate, rows, 'fastify')).toEqual({ shown: '0.40×', met: false });
    expect(checkTarget(p99, rows, 'express')).toEqual({ shown: '30 ms', met: false });
    expect(checkTarget(p99, rows, 'fastify')).toEqual({ shown: '25 ms', met: true });
  });

  it('says "not measured" for a figure the run lacks, or a ratio without a baseline', () => {
    expect(checkTarget(batch, rows, 'express')).toEqual({ shown: 'not measured', met: null });
    expect(checkTarget(rate, [row('rate', 1, '/s', null, 'express')], 'express').met).toBeNull();
    expect(checkTarget(rate, rows, undefined).met).toBeNull();
  });

  it('prints one column per platform measured, and leaves out targets of suites that did not run', () => {
    expect(toTargetsTable(rows, [rate, p99, batch])!.split('\n')).toEqual([
      '| target | Express | Fastify |',
      '| --- | ---: | ---: |',
      '| rate ≥ 0.5× bare | 0.60×, met | 0.40×, missed |',
      '| p99 ≤ 25 ms | 30 ms, missed | 25 ms, met |',
    ]);
    expect(toTargetsTable([row('batch', 45_000, 'events/s', null)], [rate, batch])!.split('\n')).toEqual([
      '| target | figure |',
      '| --- | ---: |',
      '| batch ≥ 20,000/s | 45,000 events/s, met |',
    ]);
    expect(toTargetsTable([row('other', 1, '/s', 2, 'express')], [rate, batch])).toBeNull();
  });

  it("holds the issue's five targets, each read from a figure of its own", () => {
    expect(BENCH_TARGETS.map((target) => [target.of, target.comparison, target.bound])).toEqual([
      ['ratio', '≥', 0.5],
      ['ratio', '≥', 0.5],
      ['value', '≤', 25],
      ['ratio', '≥', 0.6],
      ['value', '≥', 20_000],
    ]);
    expect(new Set(BENCH_TARGETS.map((target) => target.figure)).size).toBe(BENCH_TARGETS.length);
  });
});
