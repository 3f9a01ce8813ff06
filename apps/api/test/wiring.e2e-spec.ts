import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SchedulerRegistry } from '@nestjs/schedule';
import { INGEST_PRUNE_INTERVAL, RESOLVED_INGEST_OPTIONS, type ResolvedIngestOptions } from '@org/ingest';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  DELIVERY_TICK_INTERVAL,
  HOUSEKEEPING_INTERVAL,
  RESOLVED_WEBHOOKS_OPTIONS,
  type ResolvedWebhooksOptions,
} from '@org/webhooks';
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

  it('registers inbound-event pruning there too, with the default retention of 30 days', () => {
    expect(t.app.get(SchedulerRegistry).getIntervals()).toContain(INGEST_PRUNE_INTERVAL);
    expect(t.app.get<ResolvedIngestOptions>(RESOLVED_INGEST_OPTIONS).retentionDays).toBe(30);
  });
});

describe('host wiring, INGEST_RETENTION', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ INGEST_RETENTION: '7d' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('hands INGEST_RETENTION to the ingest module', () => {
    expect(t.app.get<ResolvedIngestOptions>(RESOLVED_INGEST_OPTIONS).retentionDays).toBe(7);
  });
});

describe('host wiring, WEBHOOKS_RETENTION and DATABASE_POOL_SIZE', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ WEBHOOKS_RETENTION: '14d', DATABASE_POOL_SIZE: '7' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('hands WEBHOOKS_RETENTION to the webhooks module and the pool size to MikroORM', () => {
    expect(t.app.get<ResolvedWebhooksOptions>(RESOLVED_WEBHOOKS_OPTIONS).retentionDays).toBe(14);
    expect(t.app.get(MikroORM).config.get('pool')).toMatchObject({ max: 7 });
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
    expect(intervals).not.toContain(INGEST_PRUNE_INTERVAL);
  });
});
