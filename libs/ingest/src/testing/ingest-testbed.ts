import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import type { ManualClock } from '@org/common';
import type { InboundEventRecord, InboundEventStatus } from '../interfaces/inbound-event.interface.js';
import { InboundEventWorker, type HandledInboundEvent } from '../processing/inbound-event.worker.js';
import { IngestStore } from '../storage/ingest-store.interface.js';
import type { DrainedInboundEvent, IngestDrainReport } from './drained-inbound-event.js';
import { IngestDrainLimitError } from './errors/ingest-drain-limit.error.js';
import { IngestTestbedClosedError } from './errors/ingest-testbed-closed.error.js';
import { busyEvent, drainLimitReached, testbedClosed } from './ingest-testing.messages.js';
import type { SignedWebhookRequest } from './requests/signed-webhook-request.js';
import { sendToApp, type WebhookResponse } from './send-to-app.js';

/** Token of the test bed's settings, resolved by `IngestTestingModule.forRoot`. */
export const INGEST_TESTBED_SETTINGS = Symbol('IngestTestbedSettings');

/** The test bed's settings. */
export interface IngestTestbedSettings {
  clock: ManualClock;
  maxDrainRounds: number;
}

/** Which stored events {@link IngestTestbed.received} lists. */
export interface ReceivedEventsFilter {
  /** Only this source's events (`stripe`, or a created source's id). */
  source?: string;
  /** Only events of this type. */
  type?: string;
  /** Only events in this state (`pending`, `processing`, `processed`, `failed`). */
  status?: InboundEventStatus;
}

/**
 * Drives the inbound worker of `IngestTestingModule` from a test, deterministically: the worker is not
 * started (no sweep timer, no wake-ups), so handlers run when, and only when, the test calls
 * {@link IngestTestbed.drain} or {@link IngestTestbed.advance}; the module's clock is a `ManualClock`.
 *
 * @example
 * ```ts
 * await request(app.getHttpServer()).post(signed.path).set(signed.headers).send(signed.body);
 * const report = await app.get(IngestTestbed).drain();
 * expect(report.handled).toHaveLength(1);
 * ```
 */
@Injectable()
export class IngestTestbed implements OnModuleInit, OnApplicationShutdown {
  private worker?: InboundEventWorker;
  private closed = false;

  /** @internal Built by `IngestTestingModule`; inject it (`app.get(IngestTestbed)`). */
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(IngestStore) private readonly store: IngestStore,
    @Inject(INGEST_TESTBED_SETTINGS) private readonly settings: IngestTestbedSettings,
  ) {}

  /** The module's clock: sign requests at `clock` (builders take it as `at`) and move it with {@link IngestTestbed.advance}. */
  get clock(): ManualClock {
    return this.settings.clock;
  }

  /** @internal */
  onModuleInit(): void {
    // The worker is the imported IngestModule's own (not exported to hosts).
    this.worker = this.moduleRef.get(InboundEventWorker, { strict: false });
  }

  /** @internal Marks the test bed closed: using it afterwards throws {@link IngestTestbedClosedError}. */
  onApplicationShutdown(): void {
    this.closed = true;
  }

  /**
   * Runs the worker until no stored event is due now: every received event handled, or failed with
   * its retry scheduled (at a later time of the clock), or failed for good. Events received while
   * it runs (a handler's own, say) are handled too.
   * @throws IngestDrainLimitError when events are still due after `maxDrainRounds` rounds, naming them.
   * @throws IngestTestbedClosedError after the application was closed.
   */
  async drain(): Promise<IngestDrainReport> {
    const report: IngestDrainReport = { handled: [], retryScheduled: [], failed: [], rounds: 0 };
    for (;;) {
      this.assertOpen('drain');
      const batch = await this.worker!.handleDueBatch();
      if (batch.length === 0) return report;
      if (report.rounds === this.settings.maxDrainRounds) {
        const busy = batch.map(({ record }) => busyEvent({ ...record, attempt: record.attempts }));
        throw new IngestDrainLimitError(drainLimitReached(report.rounds, busy), report);
      }
      report.rounds += 1;
      for (const handled of batch) await this.record(handled, report);
    }
  }

  /**
   * Moves the clock `ms` forward, then {@link IngestTestbed.drain}s: what falls due in between (a retry) runs.
   * @throws IngestTestbedClosedError after the application was closed.
   */
  async advance(ms: number): Promise<IngestDrainReport> {
    this.assertOpen('advance');
    this.settings.clock.advance(ms);
    return this.drain();
  }

  /**
   * Sends a signed request into the app (no listening port needed, Express or Fastify) and returns
   * its answer: 200 `{ received, id, duplicate }` once stored, or the error (401 for a bad signature).
   * Handlers have not run yet: {@link IngestTestbed.drain} runs them.
   * @throws IngestTestbedClosedError after the application was closed.
   */
  async receive(request: SignedWebhookRequest): Promise<WebhookResponse> {
    this.assertOpen('receive');
    return sendToApp(this.adapterHost.httpAdapter, request);
  }

  /** The stored inbound events, oldest first, with their status and each handler's outcome. */
  async received(filter: ReceivedEventsFilter = {}): Promise<InboundEventRecord[]> {
    this.assertOpen('received');
    const newestFirst = await this.store.list({ ...filter, limit: 10_000 });
    return newestFirst.reverse();
  }

  private async record({ record, outcome }: HandledInboundEvent, report: IngestDrainReport): Promise<void> {
    const base = {
      id: record.id,
      source: record.source,
      type: record.type,
      externalId: record.externalId,
      attempt: record.attempts,
    };
    if (outcome === 'success') {
      report.handled.push({ ...base, error: null, retryAt: null });
      return;
    }
    // The failure and its schedule are recorded in the store; read them back for the report.
    const stored = await this.store.findById(record.id);
    const drained: DrainedInboundEvent = {
      ...base,
      error: stored?.lastError ?? null,
      retryAt: stored?.status === 'pending' ? stored.nextAttemptAt : null,
    };
    if (drained.retryAt) report.retryScheduled.push(drained);
    else report.failed.push(drained);
  }

  private assertOpen(method: string): void {
    if (this.closed || !this.worker) throw new IngestTestbedClosedError(testbedClosed(method));
  }
}
