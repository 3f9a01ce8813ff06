import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Clock } from '@org/common';
import { PRUNE_EVERY_MS } from '../ingest.constants.js';
import { pruneFailed, prunedEvents } from '../ingest.messages.js';
import { RESOLVED_INGEST_OPTIONS, type ResolvedIngestOptions } from '../options/resolved-ingest-options.js';
import { IngestStore } from '../storage/ingest-store.interface.js';

/** Name of the pruning interval in the `SchedulerRegistry`. */
export const INGEST_PRUNE_INTERVAL = 'ingest:prune';
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Retention: hourly, processed and failed inbound events older than `retentionDays` are deleted
 * (pending and processing ones are kept, however old). Registered with `@nestjs/schedule`'s
 * `SchedulerRegistry` beside the host's jobs, or a private one without `ScheduleModule.forRoot()`.
 * Runs only where the worker runs.
 */
@Injectable()
export class RetentionScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('IngestModule');
  private readonly registry: SchedulerRegistry;
  private pruning: Promise<void> | null = null;

  constructor(
    @Inject(RESOLVED_INGEST_OPTIONS) private readonly options: ResolvedIngestOptions,
    @Inject(IngestStore) private readonly store: IngestStore,
    @Inject(Clock) private readonly clock: Clock,
    @Optional() registry?: SchedulerRegistry,
  ) {
    this.registry = registry ?? new SchedulerRegistry();
  }

  onApplicationBootstrap(): void {
    if (!this.options.worker.enabled) return;
    this.registry.addInterval(
      INGEST_PRUNE_INTERVAL,
      setInterval(() => void this.runPrune(), PRUNE_EVERY_MS),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.registry.doesExist('interval', INGEST_PRUNE_INTERVAL))
      this.registry.deleteInterval(INGEST_PRUNE_INTERVAL);
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
