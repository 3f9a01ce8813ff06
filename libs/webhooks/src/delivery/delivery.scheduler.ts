import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Clock, IntervalJobs } from '@org/common';
import {
  RESOLVED_WEBHOOKS_OPTIONS,
  type ResolvedWebhooksOptions,
} from '../options/resolved-webhooks-options.js';
import { DeliveryMaintenance } from '../storage/delivery-maintenance.interface.js';
import { housekeepingFailedMessage, keptHistoryMessage, prunedMessage } from './delivery.messages.js';
import { DeliveryWorker } from './delivery.worker.js';
import { ClientCertificateExpiryCheck } from '../subscriptions/client-certificate-expiry.check.js';

/** Name of the retry-clock interval in the `SchedulerRegistry`. */
export const DELIVERY_TICK_INTERVAL = 'webhooks:delivery-tick';
/** Name of the housekeeping interval in the `SchedulerRegistry`. */
export const HOUSEKEEPING_INTERVAL = 'webhooks:housekeeping';
/** How often retention pruning runs. */
export const HOUSEKEEPING_EVERY_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The delivery engine's clock work, which runs with or without `@nestjs/schedule` (an optional
 * peer); with it and `ScheduleModule.forRoot()` the jobs are listed in the host's
 * `SchedulerRegistry` (as {@link DELIVERY_TICK_INTERVAL}, {@link HOUSEKEEPING_INTERVAL}) beside its own:
 * - the retry clock: every `worker.pollIntervalMs` the worker is woken, so retries that came due and
 *   events published by instances whose notification was lost are picked up;
 * - housekeeping, at start and hourly: the store prepares the history of the days ahead (PostgreSQL:
 *   day partitions), then attempts and events older than `retentionDays` are pruned, then client
 *   certificates about to expire are warned of (`ClientCertificateExpiryCheck`). Lease recovery
 *   needs no job: an expired lease is claimable, and the worker logs each takeover.
 *
 * Runs only where the worker runs.
 */
@Injectable()
export class DeliveryScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WebhooksHousekeeping');
  private jobs: IntervalJobs | null = null;
  private housekeeping: Promise<void> | null = null;

  constructor(
    @Inject(RESOLVED_WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    @Inject(DeliveryMaintenance) private readonly store: DeliveryMaintenance,
    @Inject(Clock) private readonly clock: Clock,
    private readonly worker: DeliveryWorker,
    private readonly certificates: ClientCertificateExpiryCheck,
    private readonly moduleRef: ModuleRef,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.worker) return;
    this.jobs = await IntervalJobs.attach(this.moduleRef);
    this.jobs.add(DELIVERY_TICK_INTERVAL, this.options.worker.pollIntervalMs, () => this.worker.wake());
    const warnOfCertificates = () => this.certificates.check();
    this.jobs.add(HOUSEKEEPING_INTERVAL, HOUSEKEEPING_EVERY_MS, () => {
      void this.runHousekeeping(() => this.prune(), warnOfCertificates);
    });
    // The days ahead exist before the first hour is over (rows would wait in a default partition).
    void this.runHousekeeping(() => this.prepareHistory(), warnOfCertificates);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.jobs?.stopAll();
    await this.housekeeping;
  }

  /** Makes the store ready for the history of the coming days (PostgreSQL: its day partitions). */
  prepareHistory(): Promise<void> {
    return this.store.prepareHistory(this.clock.now());
  }

  /**
   * Prepares the coming days, then prunes finished attempts and delivered events past retention;
   * returns how many rows (in memory) or day partitions (PostgreSQL) went, and logs what had to stay.
   */
  async prune(): Promise<number> {
    await this.prepareHistory();
    const cutoff = new Date(this.clock.now().getTime() - this.options.retentionDays * DAY_MS);
    const { removed, kept } = await this.store.pruneBefore(cutoff);
    if (removed > 0) this.logger.log(prunedMessage(removed, this.options.retentionDays));
    for (const { name, reason } of kept) this.logger.log(keptHistoryMessage(name, reason));
    return removed;
  }

  private runHousekeeping(...jobs: (() => Promise<unknown>)[]): Promise<void> {
    // Never two at once: a slow prune on a large log must not pile up. One job failing (logged)
    // does not skip the next.
    this.housekeeping ??= (async () => {
      for (const job of jobs)
        await job().catch((error: unknown) => this.logger.error(housekeepingFailedMessage(error)));
    })().finally(() => {
      this.housekeeping = null;
    });
    return this.housekeeping;
  }
}
