import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Clock, IntervalJobs } from '@org/common';
import { PRUNE_EVERY_MS } from '../ingest.constants.js';
import { pruneFailed, prunedEvents } from '../ingest.messages.js';
import { RESOLVED_INGEST_OPTIONS, type ResolvedIngestOptions } from '../options/resolved-ingest-options.js';
import { IngestStore } from '../storage/ingest-store.interface.js';

/** Name of the pruning interval in the `SchedulerRegistry`. */
export const INGEST_PRUNE_INTERVAL = 'ingest:prune';
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Retention: hourly, processed and failed inbound events older than `retentionDays` are deleted
 * (pending and processing ones are kept, however old). Runs with or without `@nestjs/schedule` (an
 * optional peer); with it and `ScheduleModule.forRoot()`, the job is listed in the host's
 * `SchedulerRegistry` as {@link INGEST_PRUNE_INTERVAL}. Runs only where the worker runs.
 */
@Injectable()
export class RetentionScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('IngestModule');
  private jobs: IntervalJobs | null = null;
  private pruning: Promise<void> | null = null;

  constructor(
    @Inject(RESOLVED_INGEST_OPTIONS) private readonly options: ResolvedIngestOptions,
    @Inject(IngestStore) private readonly store: IngestStore,
    @Inject(Clock) private readonly clock: Clock,
    private readonly moduleRef: ModuleRef,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.worker.enabled) return;
    this.jobs = await IntervalJobs.attach(this.moduleRef);
    this.jobs.add(INGEST_PRUNE_INTERVAL, PRUNE_EVERY_MS, () => void this.runPrune());
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.jobs?.stopAll();
    await this.pruning;
  }

  /** Deletes the finished events past retention, by the module's clock; returns how many. */
  async prune(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - this.options.retentionDays * DAY_MS);
    const removed = await this.store.pruneBefore(cutoff);
    if (removed > 0) this.logger.log(prunedEvents(removed, this.options.retentionDays));
    return removed;
  }

  private runPrune(): Promise<void> {
    // Never two at once: a slow prune of a large log must not pile up.
    this.pruning ??= this.prune()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.error(pruneFailed(error)))
      .finally(() => {
        this.pruning = null;
      });
    return this.pruning;
  }
}
