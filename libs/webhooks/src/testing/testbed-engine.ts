import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DeliveryScheduler } from '../delivery/delivery.scheduler.js';
import { DeliveryWorker } from '../delivery/delivery.worker.js';

/** The module's worker with its loop never started: only the test bed's drain runs it. */
@Injectable()
export class TestbedDeliveryWorker extends DeliveryWorker {
  override async onApplicationBootstrap(): Promise<void> {
    // No loop, no LISTEN, no timers: `WebhooksTestbed.drain()` calls `runUntilIdle` instead.
  }
}

/**
 * The module's scheduler without its intervals (the retry tick and hourly pruning would fire behind
 * the test's back); it still prepares the history's days at start (PostgreSQL day partitions).
 */
@Injectable()
export class TestbedDeliveryScheduler extends DeliveryScheduler implements OnApplicationBootstrap {
  override async onApplicationBootstrap(): Promise<void> {
    await this.prepareHistory();
  }
}
