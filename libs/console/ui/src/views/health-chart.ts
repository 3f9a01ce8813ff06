import uPlot from 'uplot';
import type { DeliveryAttempt } from '../api.js';

/** Width of one chart bucket. */
export const BUCKET_MS = 60 * 60 * 1000;

/** Per-bucket counts and mean latency of made attempts, oldest bucket first. */
export interface HealthSeries {
  times: number[];
  successes: number[];
  failures: number[];
  latency: (number | null)[];
}

/** Buckets `rows` (made attempts only) into `buckets` hours ending at `now`. */
export function bucketAttempts(rows: DeliveryAttempt[], now: number, buckets: number): HealthSeries {
  const start = Math.floor(now / BUCKET_MS) * BUCKET_MS - (buckets - 1) * BUCKET_MS;
  const series: HealthSeries = { times: [], successes: [], failures: [], latency: [] };
  const latencySums: number[] = [];
  const latencyCounts: number[] = [];
  for (let i = 0; i < buckets; i++) {
    series.times.push((start + i * BUCKET_MS) / 1000);
    series.successes.push(0);
    series.failures.push(0);
    latencySums.push(0);
    latencyCounts.push(0);
  }
  for (const row of rows) {
    if (row.status === 'pending') continue;
    const index = Math.floor((Date.parse(row.created_at) - start) / BUCKET_MS);
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

/** Draws successes, failures (left axis) and mean latency (right axis) into `target`. */
export function drawHealthChart(target: HTMLElement, series: HealthSeries, width: number): uPlot {
  const styles = getComputedStyle(target);
  const color = (name: string, fallback: string) => styles.getPropertyValue(name).trim() || fallback;
  return new uPlot(
    {
      width,
      height: 200,
      scales: { x: { time: true }, count: { auto: true }, ms: { auto: true } },
      axes: [
        {},
        { scale: 'count', label: 'attempts' },
        { scale: 'ms', side: 1, label: 'ms', grid: { show: false } },
      ],
      series: [
        {},
        { label: 'successes', scale: 'count', stroke: color('--wh-success', '#15803d'), width: 2 },
        { label: 'failures', scale: 'count', stroke: color('--wh-danger', '#b91c1c'), width: 2 },
        { label: 'mean latency (ms)', scale: 'ms', stroke: color('--wh-accent', '#2563eb'), dash: [4, 4] },
      ],
    },
    [series.times, series.successes, series.failures, series.latency],
    target,
  );
}
