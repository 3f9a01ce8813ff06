import { PLATFORMS, type BenchRow, type Platform } from './bench.types.js';
import { formatValue, platformName, ratioOf } from './stats.js';

/**
 * A goal of the project's bench (issue 23's targets), read from one figure of a run: the row whose
 * `chartLabel` is {@link BenchTarget.figure}, on each platform.
 */
export interface BenchTarget {
  /** The goal as the targets table states it. */
  name: string;
  /** The `chartLabel` of the row it is read from. */
  figure: string;
  /** What is compared with `bound`: the row's ratio to its same-run baseline, or its value. */
  of: 'ratio' | 'value';
  /** Met when the compared number is at least (`≥`) or at most (`≤`) `bound`. */
  comparison: '≥' | '≤';
  bound: number;
}

/** The targets the bench checks after each run, in the order of the issue. */
export const BENCH_TARGETS: readonly BenchTarget[] = [
  {
    name: 'POST /api/events ≥ 0.5× bare Nest POST (same platform)',
    figure: 'POST /api/events req/s',
    of: 'ratio',
    comparison: '≥',
    bound: 0.5,
  },
  {
    name: 'End to end through REST ≥ 0.5× sign + POST ceiling',
    figure: 'Deliveries/s end to end through REST',
    of: 'ratio',
    comparison: '≥',
    bound: 0.5,
  },
  {
    name: 'Emit-to-receipt p99 ≤ 25 ms at 1,000 events/s (1 subscription)',
    figure: 'Emit-to-receipt p99, 1 subscription',
    of: 'value',
    comparison: '≤',
    bound: 25,
  },
  {
    name: 'Ingest ≥ 0.6× bare Nest POST (same platform)',
    figure: 'Ingest req/s, verified + stored',
    of: 'ratio',
    comparison: '≥',
    bound: 0.6,
  },
  {
    name: 'Batch publish ≥ 20,000 events/s',
    figure: 'Batch publish events/s',
    of: 'value',
    comparison: '≥',
    bound: 20_000,
  },
];

/** One target on one platform: the figure as shown, and whether it meets the target (`null`: not measured). */
export interface TargetCheck {
  shown: string;
  met: boolean | null;
}

/** Checks `target` against the row of `rows` it is read from on `platform` (a platform-free row when `undefined`). */
export function checkTarget(
  target: BenchTarget,
  rows: readonly BenchRow[],
  platform: Platform | undefined,
): TargetCheck {
  const row = rows.find((r) => r.chartLabel === target.figure && r.platform === platform);
  const compared =
    row === undefined
      ? undefined
      : target.of === 'value'
        ? row.value
        : row.baseline && row.baseline.value !== 0
          ? row.value / row.baseline.value
          : undefined;
  if (row === undefined || compared === undefined || Number.isNaN(compared)) {
    return { shown: 'not measured', met: null };
  }
  const met = target.comparison === '≥' ? compared >= target.bound : compared <= target.bound;
  return { shown: target.of === 'ratio' ? ratioOf(row)! : formatValue(row.value, row.unit), met };
}

/**
 * The targets as a markdown table, one column per platform the rows were measured on (one column
 * `figure` for platform-free rows): each cell the figure, then `met` or `missed`. Targets none of
 * whose figures were measured (their suite did not run) are left out; `null` when none is left.
 */
export function toTargetsTable(
  rows: readonly BenchRow[],
  targets: readonly BenchTarget[] = BENCH_TARGETS,
): string | null {
  const measured = PLATFORMS.filter((platform) => rows.some((row) => row.platform === platform));
  const columns: (Platform | undefined)[] = measured.length > 0 ? measured : [undefined];
  const lines = targets
    .map((target) => columns.map((platform) => checkTarget(target, rows, platform)))
    .map((checks, i) => ({ target: targets[i], checks }))
    .filter(({ checks }) => checks.some((check) => check.met !== null))
    .map(({ target, checks }) => {
      const cells = checks.map(({ shown, met }) =>
        met === null ? shown : `${shown}, ${met ? 'met' : 'missed'}`,
      );
      return `| ${[target.name, ...cells].join(' | ')} |`;
    });
  if (lines.length === 0) return null;
  const names = columns.map((platform) => (platform ? platformName(platform) : 'figure'));
  return [
    `| target | ${names.join(' | ')} |`,
    `| --- | ${names.map(() => '---:').join(' | ')} |`,
    ...lines,
  ].join('\n');
}
