// `npm run bench`: runs every suite once, prints one markdown table of figures beside baselines
// measured in the same run on this machine, and writes each suite's results and chart to
// `docs/bench/<suite>.json` and `.svg`, then the table of the targets (met or missed).
// `npm run bench -- ingest` (or `-- publish`) runs only the suites whose name contains one of the
// given words; the suites that serve HTTP through Nest (ingest, publish) run once per platform of
// `--platforms` (Express and Fastify unless told), each beside its baselines on the same platform;
// `--chart-dir <dir>` writes elsewhere, `--no-chart` prints only, `--redraw` draws the charts again
// from the results files and prints the tables the benchmarks page shows.
import 'reflect-metadata';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseBenchArgs, selectSuites } from './bench.options.js';
import { readSuiteResults, redrawSuiteChart, writeSuiteResults } from './bench.results.js';
import { toTargetsTable } from './bench.targets.js';
import { PLATFORMS, type BenchRow, type BenchSuite } from './bench.types.js';
import { filtersSuite } from './filters.bench.js';
import { historySuite } from './history.bench.js';
import { ingestSuite } from './ingest.bench.js';
import { outboundSuite } from './outbound.bench.js';
import { publishSuite } from './publish.bench.js';
import { schemasSuite } from './schemas.bench.js';
import { toMarkdownTable, toResultsTable } from './stats.js';

const root = join(import.meta.dirname, '..', '..', '..');
const options = parseBenchArgs(process.argv.slice(2), root);
const suites: BenchSuite[] = selectSuites(
  [
    outboundSuite(root),
    ingestSuite(root),
    publishSuite(root),
    schemasSuite(root),
    historySuite(root),
    filtersSuite(root),
  ],
  options.only,
);

/** The targets table after the figures, when a suite that measures a target ran. */
const targetsTable = (rows: readonly BenchRow[]): string => {
  const targets = toTargetsTable(rows);
  return targets === null ? '' : `\nTargets (issue 23):\n\n${targets}\n`;
};

if (options.redraw) {
  const redrawn: BenchRow[] = [];
  for (const suite of suites) {
    const results = await readSuiteResults(options.chartDir!, suite.slug);
    const chart = await redrawSuiteChart(options.chartDir!, suite.slug, results);
    redrawn.push(...results.rows);
    process.stdout.write(`\n${chart} (${results.title.machine})\n\n${toResultsTable(results.rows)}\n`);
  }
  process.stdout.write(targetsTable(redrawn));
  process.exit(0);
}

/** The host app's own settings the publish suite passes on to it (log level; the platform is `--platforms`). */
const HOST_APP_SETTINGS = new Set(['LOG_LEVEL']);
/** `--platforms` as given, for the command of a suite that runs per platform; nothing for the default. */
const platformsOption =
  options.platforms.join(',') === PLATFORMS.join(',') ? '' : ` --platforms ${options.platforms.join(',')}`;
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
  const suiteRows: BenchRow[] = [];
  if (suite.perPlatform) {
    for (const platform of options.platforms) {
      process.stderr.write(`  on ${platform}…\n`);
      suiteRows.push(...(await suite.run(platform)).map((row) => ({ ...row, platform })));
    }
  } else {
    suiteRows.push(...(await suite.run()));
  }
  rows.push(...suiteRows);
  if (options.chartDir === null) continue;
  const chart = await writeSuiteResults(options.chartDir, suite.slug, {
    title: {
      suite: suite.name,
      command: `${settings}npm run bench -- ${suite.slug}${suite.perPlatform ? platformsOption : ''}`,
      machine: `${machine}; load average ${startLoad} at the start, ${load()} at the end`,
    },
    measuredAt: new Date().toISOString(),
    rows: suiteRows,
  });
  process.stderr.write(`chart: ${chart}\n`);
}
process.stdout.write(`\n${toMarkdownTable(rows)}\n${targetsTable(rows)}\n${machine}\n`);
process.exit(0);
