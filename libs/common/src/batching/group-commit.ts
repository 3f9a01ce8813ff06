/** What a {@link GroupCommit} writes with: one call per group, results in the group's order. */
export type GroupWrite<T, R> = (items: T[]) => Promise<R[]>;

/** Sizes of a {@link GroupCommit} of items `T`. */
export interface GroupCommitOptions<T = unknown> {
  /** Most items one write takes. */
  maxGroup: number;
  /** Writes kept in flight at once; items arriving while they run wait to form the next group. */
  inFlight: number;
  /**
   * Whether `next` may join `group` (beside `maxGroup`), e.g. a limit on the rows or bytes of one
   * statement. A group always takes its first item, however large.
   * @default always
   */
  fits?(group: readonly T[], next: T): boolean;
}

interface Waiting<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * Group commit for writes that callers submit one at a time (a publish, an inbound save): items
 * submitted while earlier groups are being written share the next write (one transaction, one
 * multi-row statement). Adaptive, with no added latency at low load: a write starts at once when one
 * may (fewer than `inFlight` running), so a lone item goes alone and a burst groups by itself.
 * When a group's write fails, each of its items is written again alone, so one failing item fails
 * only its own caller and nothing is acknowledged that the write did not store.
 */
export class GroupCommit<T, R> {
  private readonly waiting: Waiting<T, R>[] = [];
  private running = 0;

  constructor(
    private readonly write: GroupWrite<T, R>,
    private readonly options: GroupCommitOptions<T>,
  ) {}

  /** Writes `item` with whatever else is waiting; resolves once its group committed. */
  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.pump();
    });
  }

  /** Groups being written now (for tests and metrics). */
  get inFlight(): number {
    return this.running;
  }

  private pump(): void {
    while (this.running < this.options.inFlight && this.waiting.length > 0) {
      const group = this.takeGroup();
      this.running++;
      void this.flush(group).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private takeGroup(): Waiting<T, R>[] {
    const group = [this.waiting.shift()!];
    const items = [group[0].item];
    while (this.waiting.length > 0 && group.length < this.options.maxGroup) {
      const next = this.waiting[0];
      if (this.options.fits && !this.options.fits(items, next.item)) break;
      group.push(this.waiting.shift()!);
      items.push(next.item);
    }
    return group;
  }

  private async flush(group: Waiting<T, R>[]): Promise<void> {
    let results: R[];
    try {
      results = await this.write(group.map((waiting) => waiting.item));
    } catch (error) {
      if (group.length === 1) return group[0].reject(error);
      // Each alone: the failing item finds its own error, the others their results.
      await Promise.all(group.map((waiting) => this.flush([waiting])));
      return;
    }
    if (results.length !== group.length) {
      const error = new Error(`A group write of ${group.length} items answered ${results.length} results`);
      return group.forEach((waiting) => waiting.reject(error));
    }
    group.forEach((waiting, i) => waiting.resolve(results[i]));
  }
}
