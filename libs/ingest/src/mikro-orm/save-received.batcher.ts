import type { NewInboundEvent, SaveOutcome } from '../storage/ingest-store.interface.js';

/** How {@link SaveReceivedBatcher} groups calls. */
export interface SaveBatchLimits {
  /** Statements running at once; further calls wait and leave together in the next one. */
  maxInFlight: number;
  /** Most events in one statement (a single larger call still goes, alone). */
  maxEvents: number;
  /** Most raw-body characters in one statement (likewise). */
  maxBodyChars: number;
}

interface PendingSave {
  events: NewInboundEvent[];
  resolve(outcomes: SaveOutcome[]): void;
  reject(error: unknown): void;
}

/**
 * Group commit for `saveReceived`: while `maxInFlight` inserts are running, new calls queue and then
 * leave together as one statement. Under load that turns N round trips, statement parses and commits
 * (WAL flushes) into one; a call that finds a free slot leaves at once, so a quiet gateway adds no
 * delay. Every caller is answered only after the statement holding its events has committed. When a
 * combined statement fails, its calls are retried one by one, so one bad call cannot fail the others.
 */
export class SaveReceivedBatcher {
  private readonly queue: PendingSave[] = [];
  private inFlight = 0;

  constructor(
    private readonly insert: (events: NewInboundEvent[]) => Promise<SaveOutcome[]>,
    private readonly limits: SaveBatchLimits,
  ) {}

  /** Stores `events` in the next statement; outcomes in input order, as `insert` gives them. */
  save(events: NewInboundEvent[]): Promise<SaveOutcome[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ events, resolve, reject });
      this.startNext();
    });
  }

  private startNext(): void {
    while (this.inFlight < this.limits.maxInFlight && this.queue.length > 0) {
      const batch = this.takeBatch();
      this.inFlight += 1;
      void this.run(batch).finally(() => {
        this.inFlight -= 1;
        this.startNext();
      });
    }
  }

  private takeBatch(): PendingSave[] {
    const batch = [this.queue.shift()!];
    let events = batch[0].events.length;
    let chars = bodyChars(batch[0].events);
    while (this.queue.length > 0) {
      const next = this.queue[0];
      const nextChars = bodyChars(next.events);
      if (events + next.events.length > this.limits.maxEvents || chars + nextChars > this.limits.maxBodyChars)
        break;
      batch.push(this.queue.shift()!);
      events += next.events.length;
      chars += nextChars;
    }
    return batch;
  }

  private async run(batch: PendingSave[]): Promise<void> {
    if (batch.length === 1) return this.insert(batch[0].events).then(batch[0].resolve, batch[0].reject);
    let outcomes: SaveOutcome[];
    try {
      outcomes = await this.insert(batch.flatMap((save) => save.events));
    } catch {
      // The statement stored nothing; each call alone, so only a bad one fails.
      await Promise.all(batch.map((save) => this.insert(save.events).then(save.resolve, save.reject)));
      return;
    }
    let offset = 0;
    for (const save of batch) {
      save.resolve(outcomes.slice(offset, offset + save.events.length));
      offset += save.events.length;
    }
  }
}

function bodyChars(events: NewInboundEvent[]): number {
  return events.reduce((sum, event) => sum + event.rawBody.length, 0);
}
