import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { BenchRow } from './bench.types.js';
import { formatValue, ratioOf, rowLabel, sideBySide } from './stats.js';

/** What the chart's heading says: the suite and the machine it ran on. */
export interface BenchChartTitle {
  /** The suite, e.g. `outbound webhooks`. */
  suite: string;
  /** The command that measured it, e.g. `npm run bench -- outbound`. */
  command: string;
  /** The machine and its load, e.g. `Node v24.21.0, 2 × AMD EPYC, load average 1.2 at start`. */
  machine: string;
}

/** One bar of the chart: a figure's measured value, or its baseline. */
interface ChartBar {
  order: number;
  figure: string;
  series: 'measured' | 'baseline';
  /** Length of the bar: the value as a share of the larger bar of its pair (0–1). */
  share: number;
  /** Whether a bar is drawn: not for a figure without a baseline, which has nothing to be drawn beside. */
  drawn: boolean;
  text: string;
  /** Names the bar in the SVG (`aria-label`), so readers with a screen reader and tests can find it. */
  key: string;
}

const MEASURED = '#4c78a8';
const BASELINE = '#bab0ac';

/**
 * The chart's bars: each figure's value, then its same-run baseline, scaled to the larger of the two.
 * A figure without a baseline is its value's text alone. A figure measured on each platform is one
 * band per platform, named `… (Express)`, `… (Fastify)`, side by side.
 */
export function chartBars(rows: readonly BenchRow[]): ChartBar[] {
  return sideBySide(rows).flatMap((row, order) => {
    const label = rowLabel(row);
    const full = Math.max(Math.abs(row.value), Math.abs(row.baseline?.value ?? 0)) || 1;
    const ratio = ratioOf(row);
    const suffix = !row.baseline ? ' · no baseline' : ratio === null ? '' : ` (${ratio})`;
    const measured: ChartBar = {
      order,
      figure: label,
      series: 'measured',
      share: row.baseline ? Math.abs(row.value) / full : 0,
      drawn: row.baseline !== null,
      text: `${formatValue(row.value, row.unit)}${suffix}`,
      key: `${label}: measured`,
    };
    if (!row.baseline) return [measured];
    const name = row.baseline.chartLabel ?? row.baseline.label;
    const baseline: ChartBar = {
      order,
      figure: label,
      series: 'baseline',
      share: Math.abs(row.baseline.value) / full,
      drawn: true,
      text: `${formatValue(row.baseline.value, row.unit)} · ${name}`,
      key: `${label}: baseline ${name}`,
    };
    return [measured, baseline];
  });
}

/**
 * The Vega-Lite spec of a suite's chart: one band per figure, its measured bar above its baseline's.
 * Figures have different units (req/s, ms, µs, bytes), so the two bars of a figure share a scale of
 * their own, the longer one drawn at full width, and each bar is labelled with its value.
 */
export function benchChartSpec(rows: readonly BenchRow[], title: BenchChartTitle): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `${title.suite}: ${title.command}`,
      subtitle: [
        title.machine,
        'Each figure beside its baseline from the same run, on a scale of its own; (ratio) = measured ÷ baseline.',
      ],
      anchor: 'start',
    },
    width: 360,
    height: { step: 13 },
    background: 'white',
    data: { values: chartBars(rows) },
    encoding: {
      x: { field: 'share', type: 'quantitative', scale: { domain: [0, 1] }, axis: null },
      y: {
        field: 'figure',
        type: 'nominal',
        sort: { field: 'order', op: 'min' },
        axis: { title: null, labelLimit: 360, labelFontSize: 11, ticks: false, domain: false },
      },
      yOffset: { field: 'series', type: 'nominal', sort: ['measured', 'baseline'] },
    },
    layer: [
      {
        transform: [{ filter: 'datum.drawn' }],
        mark: { type: 'bar', height: { band: 0.85 } },
        encoding: {
          color: {
            field: 'series',
            type: 'nominal',
            scale: { domain: ['measured', 'baseline'], range: [MEASURED, BASELINE] },
            legend: { title: null, orient: 'top' },
          },
          description: { field: 'key' },
        },
      },
      {
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: 10 },
        encoding: { text: { field: 'text' } },
      },
    ],
    config: { view: { stroke: null }, font: 'Helvetica, Arial, sans-serif' },
  };
}

/** Renders the chart of `rows` as an SVG document, in Node, without a browser or the network. */
export async function renderBenchChart(rows: readonly BenchRow[], title: BenchChartTitle): Promise<string> {
  const view = new View(parse(compile(benchChartSpec(rows, title)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
