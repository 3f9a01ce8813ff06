import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { AttemptOutcome } from '../interfaces/delivery.interface.js';
import type { DeliveryQueue } from '../storage/delivery-queue.interface.js';
import { OutcomeRecorder } from './outcome.recorder.js';

const outcome = (n: number): AttemptOutcome => ({
  deliveryId: `whd_${n}`,
  leaseToken: 't',
  subscriptionId: 'whk_1',
  ok: true,
  httpStatus: 200,
  error: null,
  responseBody: 'ok',
  durationMs: 1,
  attemptedAt: new Date(0),
  next: null,
  url: 'https://example.com/hook',
  requestHeaders: {},
  responseHeaders: {},
  errorClass: null,
  holdUntil: null,
  backoff: false,
  gone: false,
});

/** The one method of the queue the recorder uses, scripted. */
function scriptedStore(failFirst: number): {
  store: Pick<DeliveryQueue, 'recordAttempts'>;
  batches: string[][];
} {
  const batches: string[][] = [];
  let calls = 0;
  const store: Pick<DeliveryQueue, 'recordAttempts'> = {
    recordAttempts: async (outcomes: AttemptOutcome[]) => {
      // not-a-wait: a write takes 5 ms of the fake clock, so outcomes queue up behind a running flush.
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (calls++ < failFirst) throw new Error('database unavailable');
      batches.push(outcomes.map((o) => o.deliveryId));
    },
  };
  return { store, batches };
}

const silent = new Logger('test');
silent.error = () => undefined;

// The recorder's batching delay, write time and back-off run on Jest's fake timers: the tests move
// time themselves and never wait on the real clock.
describe('OutcomeRecorder', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });
  /** Drains while the fake clock runs every timer the drain sets (writes, back-off). */
  const drain = async (recorder: OutcomeRecorder): Promise<void> => {
    const drained = recorder.drain();
    await jest.runAllTimersAsync();
    await drained;
  };

  it('writes outcomes in batches of at most maxBatch, in order, one batch at a time', async () => {
    const { store, batches } = scriptedStore(0);
    const recorder = new OutcomeRecorder(
      store,
      { maxBatch: 3, flushDelayMs: 1, maxDrainRetries: 3, disableAfterFailures: 20, now: () => new Date() },
      silent,
    );
    for (let i = 0; i < 7; i++) recorder.add(outcome(i));
    await drain(recorder);
    expect(batches.flat()).toEqual(['whd_0', 'whd_1', 'whd_2', 'whd_3', 'whd_4', 'whd_5', 'whd_6']);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(3);
    expect(recorder.waiting).toBe(0);
  });

  it('writes an urgent outcome (a FIFO head) without the batching delay and says so once written', async () => {
    const { store, batches } = scriptedStore(0);
    let announced = 0;
    const recorder = new OutcomeRecorder(
      store,
      {
        maxBatch: 100,
        flushDelayMs: 60_000,
        maxDrainRetries: 3,
        disableAfterFailures: 20,
        now: () => new Date(),
        onUrgentRecorded: () => announced++,
      },
      silent,
    );
    recorder.add(outcome(1), true);
    // Written as soon as the 5 ms write completes, with no batching delay.
    await jest.advanceTimersByTimeAsync(5);
    expect(batches).toEqual([['whd_1']]);
    expect(announced).toBe(1);
    recorder.add(outcome(2));
    // An ordinary one waits for the batch: nothing until the delay has passed, then its write.
    await jest.advanceTimersByTimeAsync(59_999);
    expect(batches).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1 + 5);
    expect(batches).toEqual([['whd_1'], ['whd_2']]);
    await drain(recorder);
    expect(announced).toBe(1);
  });

  it('keeps a batch the database refused and writes it once it is back', async () => {
    const { store, batches } = scriptedStore(2);
    const recorder = new OutcomeRecorder(
      store,
      { maxBatch: 10, flushDelayMs: 1, maxDrainRetries: 5, disableAfterFailures: 20, now: () => new Date() },
      silent,
    );
    recorder.add(outcome(1));
    recorder.add(outcome(2));
    await drain(recorder);
    expect(batches).toEqual([['whd_1', 'whd_2']]);
  });

  it('gives up at shutdown after maxDrainRetries (the leases will bring the attempts back)', async () => {
    const { store, batches } = scriptedStore(100);
    const recorder = new OutcomeRecorder(
      store,
      { maxBatch: 10, flushDelayMs: 1, maxDrainRetries: 2, disableAfterFailures: 20, now: () => new Date() },
      silent,
    );
    recorder.add(outcome(1));
    await drain(recorder);
    expect(batches).toEqual([]);
    expect(recorder.waiting).toBe(0);
  });
});
