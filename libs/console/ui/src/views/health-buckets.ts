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
