/** Rows inserted by fan-out after which the queue's planner statistics are refreshed. */
const DEFAULT_THRESHOLD = 2_000;
/** Least time between two refreshes. */
const DEFAULT_MIN_INTERVAL_MS = 30_000;

/**
 * Keeps PostgreSQL's planner statistics of the queue tables current after bulk inserts ("run
 * ANALYZE after a bulk load"). A fan-out burst can turn an empty queue into thousands of due rows
 * long before autovacuum's next visit; with the old statistics the planner believes a few rows are
 * due and sorts all of them on every claim (O(backlog) per batch, measured 3x slower) instead of
 * walking the due index and stopping at the limit. The refresh runs in the background, at most every
 * `minIntervalMs`, and its failure only costs speed.
 */
export class PgQueueStatistics {
  private insertedSinceRefresh = 0;
  private lastRefresh = Number.NEGATIVE_INFINITY;
  private refreshing = false;

  constructor(
    private readonly refresh: () => Promise<unknown>,
    private readonly threshold = DEFAULT_THRESHOLD,
    private readonly minIntervalMs = DEFAULT_MIN_INTERVAL_MS,
  ) {}

  /** Counts rows just inserted; refreshes in the background once enough have arrived. */
  inserted(rows: number): void {
    this.insertedSinceRefresh += rows;
    const now = Date.now();
    if (
      this.refreshing ||
      this.insertedSinceRefresh < this.threshold ||
      now - this.lastRefresh < this.minIntervalMs
    )
      return;
    this.refreshing = true;
    this.insertedSinceRefresh = 0;
    this.lastRefresh = now;
    this.refresh()
      .catch(() => undefined)
      .finally(() => {
        this.refreshing = false;
      });
  }
}
