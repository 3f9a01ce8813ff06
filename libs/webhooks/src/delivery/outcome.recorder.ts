import type { Logger } from '@nestjs/common';
import type { AttemptOutcome } from '../interfaces/delivery.interface.js';
import type { DeliveryQueue } from '../storage/delivery-queue.interface.js';
import { recordAbandonedMessage, recordFailedMessage } from './delivery.messages.js';

/** Settings of {@link OutcomeRecorder}. */
export interface OutcomeRecorderOptions {
  /** Flush as soon as this many outcomes wait. */
  maxBatch: number;
  /** Otherwise flush this long after the first outcome arrived, so a lone attempt is logged promptly. */
  flushDelayMs: number;
  /** Consecutive failed flushes after which a drain gives up (the leases then expire and the attempts are sent again). */
  maxDrainRetries: number;
  disableAfterFailures: number;
  /** The injected clock's now, for the time of what a batch publishes (`webhook.disabled`). */
  now: () => Date;
  /** Called once a batch holding an urgent outcome is written (the worker claims what it unblocked). */
  onUrgentRecorded?: () => void;
}

/**
 * Records attempt outcomes in batches: one `recordAttempts` round trip per batch, one batch in
 * flight at a time so a subscription's outcomes are applied in completion order (its failure streak
 * depends on it). A failed flush keeps its outcomes and retries; if they can never be written, the
 * leases expire and the attempts are sent again, which is the at-least-once promise.
 */
export class OutcomeRecorder {
  private buffer: AttemptOutcome[] = [];
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  /** Outcomes whose recording others wait for (a FIFO head): written at once, and announced. */
  private readonly urgent = new Set<AttemptOutcome>();

  constructor(
    private readonly store: Pick<DeliveryQueue, 'recordAttempts'>,
    private readonly options: OutcomeRecorderOptions,
    private readonly logger: Logger,
  ) {}

  /** Outcomes not yet written. */
  get waiting(): number {
    return this.buffer.length;
  }

  /**
   * Queues an outcome; it is written with the next batch. An `urgent` one (the next delivery of its
   * subscription waits for it: FIFO) is written without the batching delay.
   */
  add(outcome: AttemptOutcome, urgent = false): void {
    this.buffer.push(outcome);
    if (urgent) this.urgent.add(outcome);
    if (this.flushing) return; // the running flush picks it up when done
    if (urgent || this.buffer.length >= this.options.maxBatch) this.flushSoon(0);
    else this.flushSoon(this.options.flushDelayMs);
  }

  /** Writes everything queued, including what arrives meanwhile; resolves when nothing waits. */
  async drain(): Promise<void> {
    let failedFlushes = 0;
    while (this.buffer.length > 0 || this.flushing) {
      this.cancelTimer();
      if (this.flushing) {
        await this.flushing;
        continue;
      }
      const failuresBefore = this.failures;
      await this.flush();
      if (this.failures > failuresBefore) {
        if (++failedFlushes >= this.options.maxDrainRetries) {
          this.logger.error(recordAbandonedMessage(this.buffer.length));
          this.buffer = [];
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100 * failedFlushes));
      }
    }
    this.cancelTimer();
  }

  private cancelTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private flushSoon(delayMs: number): void {
    if (this.timer) {
      if (delayMs > 0) return;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delayMs);
  }

  private flush(): Promise<void> {
    if (this.flushing || this.buffer.length === 0) return this.flushing ?? Promise.resolve();
    const batch = this.buffer.splice(0, this.options.maxBatch);
    this.flushing = this.store
      .recordAttempts(batch, {
        disableAfterFailures: this.options.disableAfterFailures,
        now: this.options.now(),
      })
      .then(
        () => {
          this.failures = 0;
          const unblocked = batch.filter((outcome) => this.urgent.delete(outcome)).length;
          if (unblocked > 0) this.options.onUrgentRecorded?.();
        },
        (error: unknown) => {
          this.failures++;
          this.buffer.unshift(...batch);
          this.logger.error(recordFailedMessage(batch.length, error));
        },
      )
      .finally(() => {
        this.flushing = null;
        if (this.buffer.length === 0) return;
        // Back off while the database refuses; otherwise carry straight on with what queued up.
        if (this.failures > 0) this.flushSoon(Math.min(100 * 2 ** this.failures, 5_000));
        else
          this.flushSoon(
            this.buffer.length >= this.options.maxBatch || this.urgent.size > 0
              ? 0
              : this.options.flushDelayMs,
          );
      });
    return this.flushing;
  }
}
