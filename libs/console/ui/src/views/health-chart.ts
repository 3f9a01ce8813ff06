import uPlot from 'uplot';
import type { HealthRange, HealthSeries } from './health-buckets.js';

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
