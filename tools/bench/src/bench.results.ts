import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderBenchChart, type BenchChartTitle } from './bench.chart.js';
import type { BenchRow } from './bench.types.js';

/** One suite's run as `<chart-dir>/<slug>.json` keeps it: what the chart is drawn from. */
export interface SuiteResults {
  title: BenchChartTitle;
  /** When the run ended (ISO 8601). */
  measuredAt: string;
  rows: BenchRow[];
}

/** Writes `<dir>/<slug>.json` (the results) and `<dir>/<slug>.svg` (their chart); returns the chart's path. */
export async function writeSuiteResults(dir: string, slug: string, results: SuiteResults): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${slug}.json`), `${JSON.stringify(results, null, 2)}\n`);
  return redrawSuiteChart(dir, slug, results);
}

/** Reads `<dir>/<slug>.json`, a suite's results as {@link writeSuiteResults} wrote them. */
export async function readSuiteResults(dir: string, slug: string): Promise<SuiteResults> {
  return JSON.parse(await readFile(join(dir, `${slug}.json`), 'utf8')) as SuiteResults;
}

/** Draws `<dir>/<slug>.svg` from the results given, or from `<dir>/<slug>.json` (`--redraw`). */
export async function redrawSuiteChart(dir: string, slug: string, results?: SuiteResults): Promise<string> {
  const { rows, title } = results ?? (await readSuiteResults(dir, slug));
  const path = join(dir, `${slug}.svg`);
  await writeFile(path, `${await renderBenchChart(rows, title)}\n`);
  return path;
}
