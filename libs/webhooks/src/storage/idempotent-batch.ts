import type { EventRecord } from '../interfaces/webhook-event.interface.js';
import type { InsertedEvent } from './event-store.interface.js';

const keyOf = (record: EventRecord): string | null =>
  record.idempotencyKey === null ? null : JSON.stringify([record.workspace ?? '', record.idempotencyKey]);

/**
 * The records of one `insertEvents` call, with repeats of an idempotency key inside the call folded
 * onto its first record (so a store inserts each key once, and a replay in the same group commit
 * answers the original), and the results put back in input order. Shared by every adapter.
 */
export class IdempotentBatch {
  /** The records to insert: each key's first, and every record without a key. */
  readonly unique: EventRecord[] = [];
  /** For each input record, the index in {@link unique} of the record it stands for. */
  private readonly representative: number[] = [];

  constructor(private readonly records: readonly EventRecord[]) {
    const firstByKey = new Map<string, number>();
    for (const record of records) {
      const key = keyOf(record);
      const first = key === null ? undefined : firstByKey.get(key);
      if (first !== undefined) {
        this.representative.push(first);
        continue;
      }
      if (key !== null) firstByKey.set(key, this.unique.length);
      this.representative.push(this.unique.length);
      this.unique.push(record);
    }
  }

  /**
   * Results in input order, from the rows inserted now and the events found under the keys that
   * conflicted; a record folded onto an earlier one of the call answers its event, not created.
   * @throws Error when a record was neither inserted nor found under its key.
   */
  resolve(inserted: readonly EventRecord[], earlier: readonly EventRecord[]): InsertedEvent[] {
    const insertedById = new Map(inserted.map((event) => [event.id, event]));
    const earlierByKey = new Map(earlier.map((event) => [keyOf(event), event]));
    const uniqueResults = this.unique.map((record): InsertedEvent => {
      const now = insertedById.get(record.id);
      if (now) return { event: now, created: true };
      const before = earlierByKey.get(keyOf(record));
      if (!before)
        throw new Error(`Event with idempotency key ${record.idempotencyKey} conflicted but cannot be read`);
      return { event: before, created: false };
    });
    return this.records.map((record, i) => {
      const result = uniqueResults[this.representative[i]];
      return this.unique[this.representative[i]] === record
        ? result
        : { event: result.event, created: false };
    });
  }
}
