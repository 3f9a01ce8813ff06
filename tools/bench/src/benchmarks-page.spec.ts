import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBenchArgs, selectSuites } from './bench.options.js';
import type { SuiteResults } from './bench.results.js';
import { toTargetsTable } from './bench.targets.js';
import { PLATFORMS } from './bench.types.js';
import { filtersSuite } from './filters.bench.js';
import { historySuite } from './history.bench.js';
import { ingestSuite } from './ingest.bench.js';
import { outboundSuite } from './outbound.bench.js';
import { publishSuite } from './publish.bench.js';
import { schemasSuite } from './schemas.bench.js';
import { toResultsTable } from './stats.js';

// The benchmarks page shows the commands that reproduce its figures; running them takes minutes,
// so this checks that each one means what the page says: options the bench accepts, words that
// pick suites. The suites are only constructed here (they start nothing until run).
const root = join(import.meta.dirname, '..', '..', '..');
const page = readFileSync(join(root, 'docs', 'benchmarks.md'), 'utf8');
const suites = [
  outboundSuite(root),
  ingestSuite(root),
  publishSuite(root),
  schemasSuite(root),
  historySuite(root),
  filtersSuite(root),
];

/** Each `npm run bench` line of the page's bash blocks, as its arguments after `--`. */
const commands = [...page.matchAll(/```bash\n([\s\S]*?)```/g)]
  .flatMap(([, block]) => block.split('\n'))
  .map((line) => line.replace(/#.*$/, '').trim())
  .filter((line) => /^(\w+=\S+ )*npm run bench\b/.test(line))
  .map((line) => line.replace(/^(\w+=\S+ )*npm run bench( --)?/, '').trim());

/** A markdown table's rows as trimmed cells, the separator row left out (Prettier pads the cells). */
const cells = (table: string): string[][] =>
  table
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|[\s:|-]+\|$/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    );

/** The first table after `marker` on the page. */
const tableAfter = (marker: string): string => {
  const at = page.indexOf(marker);
  expect(at).toBeGreaterThan(-1);
  const lines = page.slice(at).split('\n');
  const start = lines.findIndex((line) => line.startsWith('|'));
  const end = lines.findIndex((line, i) => i > start && !line.startsWith('|'));
  return lines.slice(start, end).join('\n');
};

/** The table that follows the suite's chart on the page. */
const tableAfterChart = (slug: string): string => tableAfter(`(bench/${slug}.svg)`);

const committed = (slug: string): SuiteResults =>
  JSON.parse(readFileSync(join(root, 'docs', 'bench', `${slug}.json`), 'utf8')) as SuiteResults;

describe('the commands of docs/benchmarks.md', () => {
  it('are there', () => {
    expect(commands.length).toBeGreaterThan(3);
  });

  it.each(commands)('npm run bench -- %s: options the bench accepts, words that pick suites', (args) => {
    const options = parseBenchArgs(args.split(/\s+/).filter(Boolean), root);
    expect(selectSuites(suites, options.only).length).toBeGreaterThan(0);
  });

  it('name each suite by the word its chart and results files are named after', () => {
    for (const suite of suites) {
      expect(selectSuites(suites, [suite.slug])).toEqual([suite]);
      expect(page).toContain(`npm run bench -- ${suite.slug}`);
      expect(page).toContain(`bench/${suite.slug}.svg`);
    }
  });

  it.each(suites.map((suite) => suite.slug))(
    'show the %s results committed beside the chart, figure for figure',
    (slug) => {
      expect(cells(tableAfterChart(slug))).toEqual(cells(toResultsTable(committed(slug).rows)));
    },
  );

  it.each(suites.filter((suite) => suite.perPlatform).map((suite) => suite.slug))(
    'show the %s results measured on every platform',
    (slug) => {
      const measured = new Set(committed(slug).rows.map((row) => row.platform));
      expect([...measured].sort()).toEqual([...PLATFORMS]);
    },
  );

  it('show the targets table of the committed results, every target measured on both platforms', () => {
    const rows = suites.flatMap((suite) => committed(suite.slug).rows);
    const targets = toTargetsTable(rows)!;
    expect(targets).not.toContain('not measured');
    expect(cells(tableAfter('### Targets'))).toEqual(cells(targets));
  });

  it('are the targets the README shows', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const start = readme.indexOf('\n| target ');
    expect(start).toBeGreaterThan(0);
    const table = readme.slice(start + 1).split('\n\n', 1)[0]!;
    expect(cells(table)).toEqual(cells(tableAfter('### Targets')));
  });
});
