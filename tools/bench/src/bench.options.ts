import { isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PLATFORMS, type BenchSuite, type Platform } from './bench.types.js';

/**
 * What `npm run bench -- [words…] [--platforms <list>] [--chart-dir <dir>] [--no-chart | --redraw]`
 * asked for.
 */
export interface BenchOptions {
  /** Run only the suites whose name contains one of these words; all suites when empty. */
  only: string[];
  /** Where each suite's chart (`<suite>.svg`) and results (`<suite>.json`) go; `null` with `--no-chart`. */
  chartDir: string | null;
  /** Measure nothing: draw the charts again from the results files in `chartDir` (after a change to the chart). */
  redraw: boolean;
  /** The platforms the suites that serve HTTP through Nest run on, in turn: both unless told. */
  platforms: Platform[];
}

/**
 * Reads the bench's command line. `--chart-dir` defaults to the repository's `docs/bench`, where the
 * benchmarks page embeds the charts from; a relative one is taken from the repository's root, since
 * the directory `npm run` started in reaches the bench neither as its working directory (Nx runs it
 * in `tools/bench`) nor as `INIT_CWD` (the nested `npm run` resets it).
 *
 * `--platforms` takes a comma-separated list of `express` and `fastify`.
 *
 * @throws TypeError on an unknown option or a missing value (from `util.parseArgs`), when
 *   `--no-chart` is given with `--chart-dir` or `--redraw`, or on a platform Nest has no adapter for.
 */
export function parseBenchArgs(args: readonly string[], root: string): BenchOptions {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      'chart-dir': { type: 'string' },
      'no-chart': { type: 'boolean' },
      redraw: { type: 'boolean' },
      platforms: { type: 'string' },
    },
  });
  if (values['no-chart'] && (values['chart-dir'] !== undefined || values.redraw)) {
    throw new TypeError('--no-chart excludes --chart-dir and --redraw');
  }
  const chartDir = values['chart-dir'];
  return {
    only: positionals,
    chartDir: values['no-chart']
      ? null
      : chartDir === undefined
        ? join(root, 'docs', 'bench')
        : isAbsolute(chartDir)
          ? chartDir
          : resolve(root, chartDir),
    redraw: values.redraw ?? false,
    platforms: values.platforms === undefined ? [...PLATFORMS] : parsePlatforms(values.platforms),
  };
}

function parsePlatforms(list: string): Platform[] {
  const names = list.split(',').map((name) => name.trim().toLowerCase());
  const unknown = names.filter((name) => !(PLATFORMS as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new TypeError(`--platforms takes ${PLATFORMS.join(', ')} (comma-separated), not ${list}`);
  }
  // In the order given, each once.
  return [...new Set(names as Platform[])];
}

/**
 * The suites to run: those whose name contains one of the words, or all of them without words.
 *
 * @throws Error when words were given and no suite matches them.
 */
export function selectSuites<T extends Pick<BenchSuite, 'name'>>(
  suites: readonly T[],
  only: readonly string[],
): T[] {
  const selected = suites.filter(
    (suite) => only.length === 0 || only.some((word) => suite.name.includes(word)),
  );
  if (selected.length === 0) throw new Error(`no suite matches ${only.join(', ')}`);
  return selected;
}
