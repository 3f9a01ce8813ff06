import type { BenchRow, Platform } from './bench.types.js';

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

/** The platform as the tables and charts name it: `Express`, `Fastify`. */
export function platformName(platform: Platform): string {
  return platform === 'fastify' ? 'Fastify' : 'Express';
}

/** The row's short name in a chart: its `chartLabel`, followed by its platform when it has one. */
export function rowLabel(row: BenchRow): string {
  return row.platform ? `${row.chartLabel} (${platformName(row.platform)})` : row.chartLabel;
}

/**
 * The rows with each figure's platforms side by side: in the order each figure (`chartLabel`) first
 * appears, and within a figure in the order of the runs. A suite run once per platform returns its
 * rows platform after platform; this puts the Express and Fastify lines of a figure together.
 */
export function sideBySide<T extends BenchRow>(rows: readonly T[]): T[] {
  const first = new Map<string, number>();
  rows.forEach((row, i) => {
    if (!first.has(row.chartLabel)) first.set(row.chartLabel, i);
  });
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => first.get(a.row.chartLabel)! - first.get(b.row.chartLabel)! || a.i - b.i)
    .map(({ row }) => row);
}

/** The header and cells of a table with a platform column when some row has a platform. */
function table(
  rows: readonly BenchRow[],
  cellsOf: (row: BenchRow) => [figure: string, value: string, baseline: string, ratio: string],
): string {
  const platforms = rows.some((row) => row.platform !== undefined);
  const header = platforms
    ? ['| figure | platform | value | baseline | ratio |', '| --- | --- | ---: | --- | ---: |']
    : ['| figure | value | baseline | ratio |', '| --- | ---: | --- | ---: |'];
  const lines = sideBySide(rows).map((row) => {
    const [figure, ...rest] = cellsOf(row);
    const platform = platforms ? [row.platform ? platformName(row.platform) : '—'] : [];
    return `| ${[figure, ...platform, ...rest].join(' | ')} |`;
  });
  return [...header, ...lines].join('\n');
}

/**
 * The rows as a markdown table: figure, value, baseline, ratio (value / baseline), and the platform
 * when the rows were measured on one.
 */
export function toMarkdownTable(rows: readonly BenchRow[]): string {
  return table(rows, (row) => [
    row.figure,
    formatValue(row.value, row.unit),
    row.baseline ? `${formatValue(row.baseline.value, row.unit)} (${row.baseline.label})` : '—',
    ratioOf(row) ?? '—',
  ]);
}

/**
 * The rows as the benchmarks page shows them: short names (`chartLabel`), platform (when measured on
 * one), value, baseline, ratio. `npm run bench -- --redraw` prints it for each suite, from the
 * results the charts are drawn from.
 */
export function toResultsTable(rows: readonly BenchRow[]): string {
  return table(rows, (row) => [
    row.chartLabel,
    formatValue(row.value, row.unit),
    row.baseline
      ? `${formatValue(row.baseline.value, row.unit)}, ${row.baseline.chartLabel ?? row.baseline.label}`
      : '—',
    ratioOf(row) ?? '—',
  ]);
}
