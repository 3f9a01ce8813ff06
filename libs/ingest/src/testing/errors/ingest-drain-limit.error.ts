import type { IngestDrainReport } from '../drained-inbound-event.js';

/**
 * `IngestTestbed.drain()` stopped because events were still due after `maxDrainRounds` rounds: the
 * message names what the worker was busy with; `report` holds everything it did until then.
 */
export class IngestDrainLimitError extends Error {
  /** `IngestDrainLimitError`, for logs. */
  override readonly name = 'IngestDrainLimitError';

  constructor(
    message: string,
    /** What the drain did before it stopped. */
    readonly report: IngestDrainReport,
  ) {
    super(message);
  }
}
