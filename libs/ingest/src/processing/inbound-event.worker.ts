import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { Clock } from '@org/common';
import { MAX_ERROR_LENGTH } from '../ingest.constants.js';
import { handlerFailed, leaseLost, processingLoopFailed, recordFailureFailed } from '../ingest.messages.js';
import type {
  HandlerState,
  InboundEvent,
  InboundEventRecord,
} from '../interfaces/inbound-event.interface.js';
import { IngestStore, type HandlingOutcome, type Isolate } from '../storage/ingest-store.interface.js';
import { RESOLVED_INGEST_OPTIONS, type ResolvedIngestOptions } from '../options/resolved-ingest-options.js';
import {
  WebhookHandlerRegistry,
  type RegisteredWebhookHandler,
} from '../handlers/webhook-handler.registry.js';
import { nextAttemptAt } from './retry-policy.js';
import { IngestObserver } from '../observability/ingest.observer.js';
import type { HandlerRunOutcome } from '../observability/ingest.metrics.js';

/** One claimed event and what its handling came to. @internal */
export interface HandledInboundEvent {
  /** The event as claimed (its `attempts` counts this attempt). */
  record: InboundEventRecord;
  outcome: HandlerRunOutcome;
}

/**
 * Runs handlers for stored events, after the sender got its answer. Woken at once when an event is
 * stored, and by a periodic sweep for due retries and for events whose worker died (expired lease).
 * Each event is claimed under a lease, handled inside the store's unit of work, then marked processed;
 * each handler's outcome is kept, a failure is retried with a backoff for the failed handlers only,
 * and nothing a handler does can crash the process.
 */
@Injectable()
export class InboundEventWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  /** This worker's lease owner name: host, pid and a random part (several workers per process are fine). */
  readonly workerId = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly logger = new Logger('IngestModule');
  private sweepTimer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private wakeRequested = false;
  private started = false;

  constructor(
    @Inject(RESOLVED_INGEST_OPTIONS) private readonly options: ResolvedIngestOptions,
    @Inject(IngestStore) private readonly store: IngestStore,
    private readonly handlers: WebhookHandlerRegistry,
    @Inject(Clock) private readonly clock: Clock,
    private readonly observer: IngestObserver,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.worker.enabled) return;
    this.started = true;
    this.sweepTimer = setInterval(() => this.wake(), this.options.worker.sweepIntervalMs);
    this.wake();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.started = false;
    clearInterval(this.sweepTimer);
    await this.draining;
  }

  /** Asks for a processing round soon; cheap and safe to call from the request path. */
  wake(): void {
    if (!this.started) return;
    this.wakeRequested = true;
    this.draining ??= this.drain().finally(() => (this.draining = undefined));
  }

  /** Resolves when the current processing round (if any) has finished: for tests and benchmarks. */
  async whenIdle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    // Let the caller (a request handler) finish first.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      while (this.wakeRequested && this.started) {
        this.wakeRequested = false;
        let claimed: HandledInboundEvent[];
        do claimed = await this.handleDueBatch();
        while (claimed.length === this.options.worker.concurrency && this.started);
      }
    } catch (error) {
      this.logger.error(processingLoopFailed(describe(error)));
    }
  }

  /**
   * Claims one batch of what is due now (at most `concurrency` events) and handles it; resolves with
   * what each claimed event came to. The processing loop runs it, and so does the test bed of
   * `@org/ingest/testing`, which drives a worker that is not started.
   * @internal
   */
  async handleDueBatch(): Promise<HandledInboundEvent[]> {
    const now = this.clock.now();
    const { concurrency, leaseMs } = this.options.worker;
    const claimed = await this.store.claimDue({
      now,
      limit: concurrency,
      leaseOwner: this.workerId,
      leaseExpiresAt: new Date(now.getTime() + leaseMs),
    });
    return Promise.all(
      claimed.map(async (record) => ({
        record,
        outcome: await this.observer.handle(record, () => this.handle(record)),
      })),
    );
  }

  /** One handling of a claimed event; its outcome is what `ingest_handler_runs_total` counts. */
  private async handle(record: InboundEventRecord): Promise<HandlerRunOutcome> {
    const handlers = this.handlers.match(record.source, record.sourceType, record.type);
    const event: InboundEvent = {
      id: record.id,
      source: record.source,
      sourceType: record.sourceType,
      workspace: record.workspace,
      type: record.type,
      externalId: record.externalId,
      payload: record.payload,
      headers: record.headers,
      receivedAt: record.receivedAt,
      attempt: record.attempts,
    };
    try {
      let outcome: HandlingOutcome | undefined;
      const completed = await this.store.complete(
        record.id,
        this.workerId,
        async (em, isolate) => (outcome = await this.runHandlers(record, event, handlers, isolate)),
        () => this.clock.now(),
      );
      if (!completed) {
        this.logger.warn(leaseLost(record.id));
        return 'lease_lost';
      }
      // A handler that failed was recorded with the event, which is retried or has failed for good.
      if (outcome?.failure) return outcome.failure.retryAt ? 'retrying' : 'failed';
      return 'success';
    } catch (error) {
      // The unit of work itself failed (not a handler): nothing was recorded, so record it here.
      const now = this.clock.now();
      const retryAt = nextAttemptAt(this.options.retry, record.attempts, now);
      const message = describe(error).slice(0, MAX_ERROR_LENGTH);
      this.logger.warn(handlerFailed(record.id, record.attempts, message, retryAt));
      await this.store
        .fail(record.id, this.workerId, { error: message, retryAt, now })
        .catch((failure: unknown) => this.logger.error(recordFailureFailed(record.id, describe(failure))));
      return retryAt ? 'retrying' : 'failed';
    }
  }

  /**
   * Runs each handler that has not yet succeeded for this event, each isolated (one failure undoes
   * only that handler's writes), and reports every handler's state; the first failure, if any,
   * schedules the event's next attempt, which reruns only the handlers that failed.
   */
  private async runHandlers(
    record: InboundEventRecord,
    event: InboundEvent,
    handlers: RegisteredWebhookHandler[],
    isolate: Isolate,
  ): Promise<HandlingOutcome> {
    const states: Record<string, HandlerState> = { ...record.handlers };
    let firstError: string | undefined;
    for (const handler of handlers) {
      const previous = states[handler.name];
      if (previous?.status === 'succeeded') continue;
      const attempts = (previous?.attempts ?? 0) + 1;
      try {
        await isolate((em) => Promise.resolve(handler.handle(event, { em })));
        states[handler.name] = {
          status: 'succeeded',
          attempts,
          lastError: previous?.lastError ?? null,
          lastAttemptAt: this.clock.now(),
        };
      } catch (error) {
        const message = describe(error).slice(0, MAX_ERROR_LENGTH);
        states[handler.name] = {
          status: 'failed',
          attempts,
          lastError: message,
          lastAttemptAt: this.clock.now(),
        };
        firstError ??= message;
      }
    }
    if (firstError === undefined) return { handlers: states };
    const retryAt = nextAttemptAt(this.options.retry, record.attempts, this.clock.now());
    this.logger.warn(handlerFailed(record.id, record.attempts, firstError, retryAt));
    return { handlers: states, failure: { error: firstError, retryAt } };
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
