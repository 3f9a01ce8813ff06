import type { BenchRow } from './bench.types.js';

/** The `p`-th percentile (0-100) of `values`, nearest-rank; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

/** A figure with its unit, to three significant digits or so: `5,244 /s`, `2.44 ms`. */
export function formatValue(value: number, unit: string): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })} ${unit}`;
}

/** The row's value ÷ its baseline, as `0.76×` (`48.3×`, `6,252×`); `null` without a (non-zero) baseline. */
export function ratioOf(row: BenchRow): string | null {
  if (!row.baseline || row.baseline.value === 0) return null;
  const ratio = row.value / row.baseline.value;
  const digits = Math.abs(ratio) >= 100 ? 0 : Math.abs(ratio) >= 10 ? 1 : 2;
  return `${ratio.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })}×`;
}

/** The rows as a markdown table: figure, value, baseline, ratio (value / baseline). */
export function toMarkdownTable(rows: readonly BenchRow[]): string {
  const lines = ['| figure | value | baseline | ratio |', '| --- | ---: | --- | ---: |'];
  for (const row of rows) {
    const baseline = row.baseline
      ? `${formatValue(row.baseline.value, row.unit)} (${row.baseline.label})`
      : '—';
    lines.push(
      `| ${row.figure} | ${formatValue(row.value, row.unit)} | ${baseline} | ${ratioOf(row) ?? '—'} |`,
    );
  }
  return lines.join('\n');
}

/**
 * The rows as the benchmarks page shows them: short names (`chartLabel`), value, baseline, ratio.
 * `npm run bench -- --redraw` prints it for each suite, from the results the charts are drawn from.
 */
export function toResultsTable(rows: readonly BenchRow[]): string {
  const lines = ['| figure | value | baseline | ratio |', '| --- | ---: | --- | ---: |'];
  for (const row of rows) {
    const baseline = row.baseline
      ? `${formatValue(row.baseline.value, row.unit)}, ${row.baseline.chartLabel ?? row.baseline.label}`
      : '—';
    lines.push(
      `| ${row.chartLabel} | ${formatValue(row.value, row.unit)} | ${baseline} | ${ratioOf(row) ?? '—'} |`,
    );
  }
  return lines.join('\n');
}
