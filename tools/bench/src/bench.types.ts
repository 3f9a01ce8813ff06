/** One line of the benchmark table: a measured figure beside a baseline measured in the same run. */
export interface BenchRow {
  figure: string;
  value: number;
  unit: string;
  /** What the value is compared with (same run, same machine); `null` when there is none. */
  baseline: { label: string; value: number } | null;
}

/** A group of scenarios; each returns its rows (the outbound ones, later the ingest ones). */
export interface BenchSuite {
  name: string;
  run(): Promise<BenchRow[]>;
}
