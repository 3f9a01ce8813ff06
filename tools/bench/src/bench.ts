// `npm run bench`: runs every suite once, prints one markdown table of figures beside baselines
// measured in the same run on this machine, and writes each suite's results and chart to
// `docs/bench/<suite>.json` and `.svg`. `npm run bench -- ingest` (or `-- publish`) runs only the
// suites whose name contains one of the given words; `--chart-dir <dir>` writes elsewhere,
// `--no-chart` prints only, `--redraw` draws the charts again from the results files and prints the
// tables the benchmarks page shows.
import 'reflect-metadata';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseBenchArgs, selectSuites } from './bench.options.js';
import { readSuiteResults, redrawSuiteChart, writeSuiteResults } from './bench.results.js';
import type { BenchRow, BenchSuite } from './bench.types.js';
import { historySuite } from './history.bench.js';
import { ingestSuite } from './ingest.bench.js';
import { outboundSuite } from './outbound.bench.js';
import { publishSuite } from './publish.bench.js';
import { toMarkdownTable, toResultsTable } from './stats.js';

const root = join(import.meta.dirname, '..', '..', '..');
const options = parseBenchArgs(process.argv.slice(2), root);
const suites: BenchSuite[] = selectSuites(
  [outboundSuite(root), ingestSuite(root), publishSuite(root), historySuite(root)],
  options.only,
);

if (options.redraw) {
  for (const suite of suites) {
    const results = await readSuiteResults(options.chartDir!, suite.slug);
    const chart = await redrawSuiteChart(options.chartDir!, suite.slug, results);
    process.stdout.write(`\n${chart} (${results.title.machine})\n\n${toResultsTable(results.rows)}\n`);
  }
  process.exit(0);
}

/** The host app's own settings the publish suite passes on to it (platform, log level). */
const HOST_APP_SETTINGS = new Set(['HTTP_ADAPTER', 'LOG_LEVEL']);
/** The settings a run was given, so that the chart's command can be repeated as it was. */
const settings = Object.entries(process.env)
  .filter(([name]) => name.startsWith('BENCH_') || HOST_APP_SETTINGS.has(name))
  .map(([name, value]) => `${name}=${value} `)
  .join('');
const machine = `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}`;
const load = (): string => loadavg()[0].toFixed(1);
const rows: BenchRow[] = [];
for (const suite of suites) {
  process.stderr.write(`running ${suite.name}…\n`);
  const startLoad = load();
  const suiteRows = await suite.run();
  rows.push(...suiteRows);
  if (options.chartDir === null) continue;
  const chart = await writeSuiteResults(options.chartDir, suite.slug, {
    title: {
      suite: suite.name,
      command: `${settings}npm run bench -- ${suite.slug}`,
      machine: `${machine}; load average ${startLoad} at the start, ${load()} at the end`,
    },
    measuredAt: new Date().toISOString(),
    rows: suiteRows,
  });
  process.stderr.write(`chart: ${chart}\n`);
}
process.stdout.write(`\n${toMarkdownTable(rows)}\n\n${machine}\n`);
process.exit(0);
