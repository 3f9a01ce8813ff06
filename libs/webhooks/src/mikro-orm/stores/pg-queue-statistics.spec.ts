import { describe, expect, it } from '@jest/globals';
import { PgQueueStatistics } from './pg-queue-statistics.js';

describe('PgQueueStatistics', () => {
  it('refreshes once enough rows arrived, at most once per interval, never twice at a time', async () => {
    let refreshes = 0;
    let release: () => void = () => undefined;
    const statistics = new PgQueueStatistics(
      () => {
        refreshes++;
        return new Promise<void>((resolve) => (release = resolve));
      },
      100,
      0,
    );
    statistics.inserted(60);
    expect(refreshes).toBe(0);
    statistics.inserted(60);
    expect(refreshes).toBe(1);
    statistics.inserted(500); // still running: not a second one
    expect(refreshes).toBe(1);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    statistics.inserted(100);
    expect(refreshes).toBe(2);
  });

  it('waits for the minimum interval between refreshes', () => {
    let refreshes = 0;
    const statistics = new PgQueueStatistics(async () => void refreshes++, 10, 60_000);
    statistics.inserted(10);
    statistics.inserted(1_000);
    expect(refreshes).toBe(1);
  });
});
