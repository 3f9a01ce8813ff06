import uPlot from 'uplot';
import type { DeliveryAttempt } from '../api.js';

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;

/** A time range the health page offers, and the width of its buckets (about 60-100 per range). */
export interface HealthRange {
  /** The value of the range choice, e.g. `24h`. */
  id: string;
  label: string;
  spanMs: number;
  bucketMs: number;
  /** The bucket as the axis names it: `per 15 min`. */
  bucketLabel: string;
}

/** The ranges offered: finer buckets for shorter spans, so a burst is not one spike in a day. */
export const HEALTH_RANGES: readonly HealthRange[] = [
  { id: '1h', label: 'Last hour', spanMs: HOUR_MS, bucketMs: MINUTE_MS, bucketLabel: 'per minute' },
  { id: '6h', label: 'Last 6 hours', spanMs: 6 * HOUR_MS, bucketMs: 5 * MINUTE_MS, bucketLabel: 'per 5 min' },
  {
    id: '24h',
    label: 'Last 24 hours',
    spanMs: 24 * HOUR_MS,
    bucketMs: 15 * MINUTE_MS,
    bucketLabel: 'per 15 min',
  },
  { id: '7d', label: 'Last 7 days', spanMs: 7 * 24 * HOUR_MS, bucketMs: 2 * HOUR_MS, bucketLabel: 'per 2 h' },
];

/** The range named `id`, else the last 24 hours. */
export function healthRange(id: string | undefined): HealthRange {
  return HEALTH_RANGES.find((range) => range.id === id) ?? HEALTH_RANGES[2];
}

/** Per-bucket counts and mean latency of made attempts, oldest bucket first. */
export interface HealthSeries {
  times: number[];
  successes: number[];
  failures: number[];
  latency: (number | null)[];
}

/** Buckets `rows` (made attempts only) into the buckets of `range` ending at `now`. */
export function bucketAttempts(rows: DeliveryAttempt[], now: number, range: HealthRange): HealthSeries {
  const size = range.bucketMs;
  const buckets = Math.ceil(range.spanMs / size);
  const start = Math.floor(now / size) * size - (buckets - 1) * size;
  const series: HealthSeries = { times: [], successes: [], failures: [], latency: [] };
  const latencySums: number[] = [];
  const latencyCounts: number[] = [];
  for (let i = 0; i < buckets; i++) {
    series.times.push((start + i * size) / 1000);
    series.successes.push(0);
    series.failures.push(0);
    latencySums.push(0);
    latencyCounts.push(0);
  }
  for (const row of rows) {
    if (row.status === 'pending') continue;
    const index = Math.floor((Date.parse(row.created_at) - start) / size);
    if (index < 0 || index >= buckets) continue;
    if (row.status === 'success') series.successes[index]++;
    else series.failures[index]++;
    if (row.duration_ms !== null) {
      latencySums[index] += row.duration_ms;
      latencyCounts[index]++;
    }
  }
  series.latency = latencySums.map((sum, i) =>
    latencyCounts[i] ? Math.round(sum / latencyCounts[i]) : null,
  );
  return series;
}

/** Height of a chart: enough for two labelled axes and a legend to be read. */
export const CHART_HEIGHT = 280;

/**
 * Draws successes and failures as bars (left axis, attempts per bucket) and mean latency as a line
 * (right axis, ms) into `target`, with labelled axes and a legend that names the series (not the
 * hover values, which read "--" when the pointer is elsewhere).
 */
export function drawHealthChart(
  target: HTMLElement,
  series: HealthSeries,
  range: HealthRange,
  width: number,
): uPlot {
  const styles = getComputedStyle(target);
  const color = (name: string, fallback: string) => styles.getPropertyValue(name).trim() || fallback;
  const fg = color('--wh-muted', '#5b6472');
  const grid = { stroke: color('--wh-border', '#d8dce3'), width: 1 };
  const bars = uPlot.paths.bars;
  const whole = (_: uPlot, ticks: number[]) =>
    ticks.map((tick) => (Number.isInteger(tick) ? String(tick) : ''));
  return new uPlot(
    {
      width,
      height: CHART_HEIGHT,
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true, range: [series.times[0], series.times.at(-1)! + range.bucketMs / 1000] },
        // Counts start at 0 and show at least 0-5, so one attempt is not a full-height spike.
        count: { range: (_u, _min, max) => [0, Math.max(5, Math.ceil(max * 1.15))] },
        ms: { range: (_u, _min, max) => [0, Math.max(10, Math.ceil((max ?? 0) * 1.15))] },
      },
      axes: [
        { stroke: fg, grid, ticks: grid, label: 'time', labelSize: 20 },
        {
          scale: 'count',
          stroke: fg,
          grid,
          ticks: grid,
          values: whole,
          label: `attempts ${range.bucketLabel}`,
          labelSize: 20,
        },
        {
          scale: 'ms',
          side: 1,
          stroke: fg,
          grid: { show: false },
          ticks: grid,
          label: 'mean latency (ms)',
          labelSize: 20,
        },
      ],
      series: [
        { label: 'time' },
        {
          label: 'successes',
          scale: 'count',
          stroke: color('--wh-success', '#15803d'),
          fill: color('--wh-success', '#15803d'),
          paths: bars?.({ size: [0.45, 24], align: -1 }),
          points: { show: false },
        },
        {
          label: 'failures',
          scale: 'count',
          stroke: color('--wh-danger', '#b91c1c'),
          fill: color('--wh-danger', '#b91c1c'),
          paths: bars?.({ size: [0.45, 24], align: 1 }),
          points: { show: false },
        },
        {
          label: 'mean latency (ms)',
          scale: 'ms',
          stroke: color('--wh-accent', '#2563eb'),
          width: 2,
          dash: [4, 4],
          spanGaps: true,
        },
      ],
    },
    [series.times, series.successes, series.failures, series.latency],
    target,
  );
}
