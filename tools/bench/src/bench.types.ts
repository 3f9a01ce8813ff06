/** The HTTP platforms Nest serves on, as the host app's `HTTP_ADAPTER` names them. */
export const PLATFORMS = ['express', 'fastify'] as const;

/** One of {@link PLATFORMS}. */
export type Platform = (typeof PLATFORMS)[number];

/** One line of the benchmark table: a measured figure beside a baseline measured in the same run. */
export interface BenchRow {
  /** The figure and how it was measured, as the printed table shows it. */
  figure: string;
  /** A few words naming the figure in the chart, e.g. `Deliveries/s end to end`. */
  chartLabel: string;
  value: number;
  unit: string;
  /**
   * What the value is compared with (same run, same machine); `null` when there is none. The chart
   * names it by `chartLabel`, or by `label` when that is short enough already.
   */
  baseline: { label: string; chartLabel?: string; value: number } | null;
  /**
   * The platform the figure and its baseline were both served on, for the suites that serve HTTP
   * through Nest; absent for the platform-free ones.
   */
  platform?: Platform;
}

/** A group of scenarios; each returns its rows (the outbound ones, later the ingest ones). */
export interface BenchSuite {
  /** Names the suite in the output; `npm run bench -- <word>` runs the suites whose name contains the word. */
  name: string;
  /** One word for the suite's files: `<chart-dir>/<slug>.svg` and `.json`. */
  slug: string;
  /**
   * Whether the suite serves HTTP through Nest, and so runs once per platform of `--platforms`, each
   * run beside its baselines on the same platform.
   */
  perPlatform?: boolean;
  /** Measures the suite; `platform` is given to the suites that are {@link perPlatform}. */
  run(platform?: Platform): Promise<BenchRow[]>;
}
