import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DELIVERY_TICK_INTERVAL, HOUSEKEEPING_INTERVAL } from '@org/webhooks';
import { startTestApp, type TestApp } from './app-harness.js';

describe('host wiring', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it("registers the delivery engine's retry clock and housekeeping with the app's @nestjs/schedule registry", () => {
    const intervals = t.app.get(SchedulerRegistry).getIntervals();
    expect(intervals).toEqual(expect.arrayContaining([DELIVERY_TICK_INTERVAL, HOUSEKEEPING_INTERVAL]));
  });
});

describe('host wiring, API-only instance', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ WEBHOOKS_WORKER: 'false' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('registers no delivery jobs when WEBHOOKS_WORKER=false', () => {
    const intervals = t.app.get(SchedulerRegistry).getIntervals();
    expect(intervals).not.toContain(DELIVERY_TICK_INTERVAL);
  });
});
