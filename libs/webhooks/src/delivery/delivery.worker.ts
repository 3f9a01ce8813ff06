import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Clock, traced } from '@org/common';
import { ROOT_CONTEXT } from '@opentelemetry/api';
import type { AttemptOutcome, ClaimedDelivery } from '../interfaces/delivery.interface.js';
import {
  RESOLVED_WEBHOOKS_OPTIONS,
  type ResolvedWebhooksOptions,
} from '../options/resolved-webhooks-options.js';
import { DeliveryObserver } from '../observability/delivery.observer.js';
import { webhooksTracer } from '../observability/webhooks.tracer.js';
import { DeliveryQueue } from '../storage/delivery-queue.interface.js';
import type { TransportResult } from '../transport/transport-result.js';
import type { TransportRequest } from '../transport/webhook-transport.options.js';
import { toAttemptOutcome } from './attempt-outcome.factory.js';
import { DeliveryRequestBuilder } from './delivery-request.builder.js';
import { EndpointSender } from './endpoint.sender.js';
import { signingFailureResult } from './signing-failure.js';
import {
  busyAfterPassesMessage,
  dispatchCycleFailedMessage,
  leasesRecoveredMessage,
} from './delivery.messages.js';
import { DispatchQueue } from './dispatch.queue.js';
import { OutcomeRecorder } from './outcome.recorder.js';
import { RetryPolicies } from './retry-policies.js';

/** Completions within this window share one claim round trip instead of one each. */
const SLOT_COALESCE_MS = 1;
/** Shortest idle wait when attempts are due but none could be claimed (another instance holds them). */
const MIN_IDLE_MS = 10;
/** Time a lease keeps beyond a per-subscription timeout, to record the outcome. */
const LEASE_RECORD_MARGIN_MS = 1_000;
/** How long outcomes may wait to be written with others. */
const RECORD_FLUSH_DELAY_MS = 5;

/** Counters of one worker since start, for logs, tests and benchmarks. */
export interface DeliveryWorkerStats {
  claimed: number;
  succeeded: number;
  failed: number;
  /** Attempts taken over after another claim's lease expired (a crash or a stall). */
  recoveredLeases: number;
}

/** What one {@link DeliveryWorker.runUntilIdle} did. @internal */
export interface IdleRunReport {
  /** Passes that found work (fan-out or due attempts). */
  passes: number;
  /** Events fanned out. */
  fannedOut: number;
  /** The outcome of every attempt sent, in completion order, as recorded. */
  outcomes: AttemptOutcome[];
}

/**
 * The dispatcher: fans out published events, claims due attempts, sends them with bounded
 * concurrency (overall and per subscription) and records outcomes in batches. Started at application
 * bootstrap unless the `worker` option is `false`; at shutdown it stops claiming, lets the requests
 * in flight finish and writes their outcomes. No transaction is ever held across an HTTP call: a
 * claim is a lease, and a crashed worker's attempts are claimed again once it expires.
 *
 * Wake-ups: a publish (`storage.listen`, i.e. LISTEN/NOTIFY or in-process), a finished request (room
 * for more), a timer to the next due attempt, and the scheduler's safety tick ({@link wake}).
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  /** Identifies this worker in lease tokens. */
  readonly workerId = `${hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`;
  private readonly logger = new Logger('WebhooksDelivery');
  private readonly settings: NonNullable<ResolvedWebhooksOptions['worker']>;
  private readonly queue: DispatchQueue;
  private readonly recorder: OutcomeRecorder;
  private readonly retryPolicies: RetryPolicies;
  private readonly sends = new Set<Promise<void>>();
  private readonly counters: DeliveryWorkerStats = {
    claimed: 0,
    succeeded: 0,
    failed: 0,
    recoveredLeases: 0,
  };
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeRequested = false;
  /**
   * Whether the next cycle should claim. A publish alone does not ask for one: its attempts exist only
   * once the fan-out pass it triggers has inserted them, and that pass's end asks for the claim.
   */
  private claimDue = true;
  /** Whether events may be waiting for fan-out (a publish or a tick since the last partial fan-out). */
  private fanOutDue = true;
  /** The fan-out passes under way, if any. */
  private fanOutPass: Promise<void> | null = null;
  /** A fan-out failure not yet reported by the loop. */
  private fanOutError: unknown = null;
  private resolveWait: (() => void) | null = null;
  private slotTimer: NodeJS.Timeout | undefined;
  private stopListening: (() => Promise<void>) | null = null;
  /** Where {@link runUntilIdle} collects the outcomes of its sends, while it runs. */
  private idleRunOutcomes: AttemptOutcome[] | null = null;

  constructor(
    @Inject(RESOLVED_WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    @Inject(DeliveryQueue) private readonly store: DeliveryQueue,
    @Inject(Clock) private readonly clock: Clock,
    private readonly sender: EndpointSender,
    private readonly requests: DeliveryRequestBuilder,
    private readonly observer: DeliveryObserver,
  ) {
    // API-only instances still get a worker object (so others can inject it); it just never starts.
    this.settings = options.worker ?? {
      batchSize: 1,
      concurrency: 1,
      perSubscriptionConcurrency: 1,
      leaseMs: 1,
      pollIntervalMs: 1,
    };
    this.queue = new DispatchQueue({
      concurrency: this.settings.concurrency,
      perSubscription: this.settings.perSubscriptionConcurrency,
      prefetch: this.settings.batchSize,
    });
    this.retryPolicies = new RetryPolicies(options.retrySchedule, options.retryJitter);
    this.recorder = new OutcomeRecorder(
      store,
      {
        maxBatch: this.settings.batchSize,
        flushDelayMs: RECORD_FLUSH_DELAY_MS,
        maxDrainRetries: 5,
        disableAfterFailures: options.disableAfterFailures,
        now: () => this.clock.now(),
        onUrgentRecorded: () => this.signal(),
      },
      this.logger,
    );
  }

  /** Whether the dispatch loop runs in this instance. */
  get isRunning(): boolean {
    return this.running;
  }

  /** Counters since start. */
  stats(): DeliveryWorkerStats {
    return { ...this.counters };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.worker) await this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Starts dispatching (done at bootstrap; exposed for hosts that start workers later). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.stopListening = await this.options.storage.listen(() => this.onPublished());
    this.loop = this.run();
  }

  /** Stops claiming, waits for requests in flight and writes every outcome. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake();
    await this.loop;
    await this.fanOutPass;
    // Attempts claimed but not started go back to the queue for any worker, without waiting for the lease.
    const queued = this.queue.takeQueued();
    await this.store
      .releaseClaims(queued.map((claim) => ({ deliveryId: claim.id, leaseToken: claim.leaseToken })))
      .catch(() => undefined);
    while (this.sends.size > 0) await Promise.all([...this.sends]);
    clearTimeout(this.slotTimer);
    await this.recorder.drain();
    await this.stopListening?.();
    this.stopListening = null;
  }

  /**
   * The test kit's drain (`@org/webhooks/testing`), on a worker whose loop is not started: passes of
   * fan-out, one claim of what is due at the clock's now, its sends and the writing of their
   * outcomes, until a pass finds nothing. No timer of the loop takes part, so nothing runs behind the
   * caller's back, and a pass sees what the previous one recorded (a FIFO queue's next attempt).
   * @throws Error when the loop runs, or when work is still found after `maxPasses` passes (say a
   * receiver that publishes an event on every delivery), naming what kept it busy.
   * @internal
   */
  async runUntilIdle(maxPasses: number): Promise<IdleRunReport> {
    if (this.running) throw new Error('runUntilIdle drives a worker whose own loop is not started');
    if (this.idleRunOutcomes) throw new Error('runUntilIdle is already running: await the first call');
    const report: IdleRunReport = { passes: 0, fannedOut: 0, outcomes: [] };
    this.idleRunOutcomes = report.outcomes;
    try {
      for (;;) {
        const fanned = await this.fanOutAll();
        const claims = await this.claimNow();
        if (fanned === 0 && claims.length === 0) return report;
        if (report.passes >= maxPasses) throw new Error(busyAfterPassesMessage(maxPasses, fanned, claims));
        report.passes++;
        report.fannedOut += fanned;
        this.queue.add(claims);
        // Without the loop a finished send starts no other: start what the limits allow, round by round.
        for (this.startSends(); this.sends.size > 0; this.startSends()) await Promise.all([...this.sends]);
        await this.recorder.drain();
      }
    } finally {
      this.idleRunOutcomes = null;
    }
  }

  /** Fans out in batches until one is not full; how many events went. */
  private async fanOutAll(): Promise<number> {
    const { batchSize } = this.settings;
    let total = 0;
    for (let fanned = batchSize; fanned >= batchSize; total += fanned) {
      fanned = await this.tracedFanOut(batchSize);
    }
    return total;
  }

  /** One claim of what is due now, as much as the queue can take. */
  private async claimNow(): Promise<ClaimedDelivery[]> {
    const want = Math.min(this.settings.batchSize, this.queue.capacity());
    if (want === 0) return [];
    const claims = await this.store.claimDueDeliveries({
      limit: want,
      now: this.clock.now(),
      leaseMs: this.settings.leaseMs,
      workerId: this.workerId,
      room: this.queue.room(),
    });
    this.counters.claimed += claims.length;
    return claims;
  }

  /**
   * Runs a dispatch cycle as soon as possible (the scheduler's tick, a re-enable, a clock move in
   * tests), including a fan-out pass for events whose notification may have been missed.
   */
  wake(): void {
    this.fanOutDue = true;
    this.signal();
  }

  /** A publish: a fan-out pass is due; the claim for its attempts follows the pass. */
  private onPublished(): void {
    this.fanOutDue = true;
    this.signal(false);
  }

  private signal(claim = true): void {
    if (claim) this.claimDue = true;
    this.wakeRequested = true;
    const resolve = this.resolveWait;
    this.resolveWait = null;
    resolve?.();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      this.wakeRequested = false;
      try {
        const busy = await this.cycle();
        failures = 0;
        if (!busy) await this.waitForWake(await this.idleDelay());
      } catch (error) {
        failures++;
        const retryInMs = Math.min(100 * 2 ** failures, 5_000);
        this.logger.error(dispatchCycleFailedMessage(error, retryInMs));
        await this.waitForWake(retryInMs);
      }
    }
  }

  /**
   * One claim, with fan-out passes running beside it: true when the claim took a full batch (more may
   * be waiting). A fan-out pass is a round trip of its own on another connection; while requests are
   * in flight it runs in the background (its completion wakes the loop), so claims are not held up
   * behind it; when the worker is idle the claim waits for it, since it needs its rows.
   */
  private async cycle(): Promise<boolean> {
    const { batchSize, leaseMs } = this.settings;
    if (this.fanOutError !== null) {
      const error = this.fanOutError;
      this.fanOutError = null;
      throw error; // the loop's back-off and log apply, as for a failed claim
    }
    if (this.fanOutDue && !this.fanOutPass) {
      this.fanOutPass = this.fanOut().finally(() => (this.fanOutPass = null));
      if (this.queue.inFlight + this.queue.queued === 0) await this.fanOutPass;
    }
    // Woken by a publish while its fan-out runs: a claim now could not see its attempts yet.
    if (!this.claimDue && this.fanOutPass) return false;
    this.claimDue = false;
    const want = Math.min(batchSize, this.queue.capacity());
    if (want === 0) return false; // a finished request wakes the loop
    const now = this.clock.now();
    const claims = await this.store.claimDueDeliveries({
      limit: want,
      now,
      leaseMs,
      workerId: this.workerId,
      room: this.queue.room(),
    });
    this.counters.claimed += claims.length;
    const recovered = claims.filter((claim) => claim.recoveredLease).length;
    if (recovered > 0) {
      this.counters.recoveredLeases += recovered;
      this.logger.warn(leasesRecoveredMessage(recovered));
    }
    this.queue.add(claims);
    this.startSends();
    const full = claims.length >= want;
    if (full) this.claimDue = true; // more may be waiting
    return full;
  }

  /**
   * Fans out published events in batches until one is not full; each batch wakes the loop to claim
   * its rows. Skipped while nothing was published: at full speed that saves a round trip per cycle.
   */
  private async fanOut(): Promise<void> {
    const { batchSize } = this.settings;
    while (this.fanOutDue && this.running) {
      this.fanOutDue = false;
      try {
        const fanned = await this.tracedFanOut(batchSize);
        // A full batch may have left more behind.
        if (fanned >= batchSize) this.fanOutDue = true;
        // Claim after every pass, even an empty one: another instance may have fanned the event out.
        this.signal();
      } catch (error) {
        // A failure left everything behind: the next cycle reports it and backs off, then retries.
        this.fanOutDue = true;
        this.fanOutError = error;
        this.signal();
        return;
      }
    }
  }

  /** One fan-out batch in a span of its own (a root: the batch serves many publishes' traces). */
  private tracedFanOut(limit: number): Promise<number> {
    return traced(
      webhooksTracer(),
      'webhooks.fan_out',
      {},
      async (span) => {
        const fanned = await this.store.fanOutEvents({ limit, now: this.clock.now() });
        span.setAttribute('webhooks.events', fanned);
        return fanned;
      },
      ROOT_CONTEXT,
    );
  }

  /** How long to sleep when idle: until the next due attempt, at most the poll interval. */
  private async idleDelay(): Promise<number> {
    const { pollIntervalMs } = this.settings;
    // Their completions, or the pass's end, wake the loop.
    if (this.queue.inFlight > 0 || this.fanOutPass) return pollIntervalMs;
    const due = await this.store.nextDueAt();
    if (!due) return pollIntervalMs;
    return Math.min(pollIntervalMs, Math.max(MIN_IDLE_MS, due.getTime() - this.clock.now().getTime()));
  }

  private waitForWake(ms: number): Promise<void> {
    if (this.wakeRequested || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.signal(), ms);
      this.resolveWait = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Starts every queued attempt the limits allow. */
  private startSends(): void {
    for (let claim = this.queue.next(); claim; claim = this.queue.next()) {
      const subscriptionId = claim.subscriptionId;
      const send = this.send(claim).finally(() => {
        this.queue.finished(subscriptionId);
        this.sends.delete(send);
        // The next queued request starts at once; the loop claims more once a few have finished.
        if (this.running) this.startSends();
        this.onSlotFreed();
      });
      this.sends.add(send);
    }
  }

  private async send(claim: ClaimedDelivery): Promise<void> {
    const startedAt = this.clock.now();
    // What went out, for the attempt record; a request that could not be signed keeps only its URL.
    const sent: { request: TransportRequest } = {
      request: { url: claim.url, body: claim.payload, headers: {} },
    };
    const result = await this.observer.attempt(claim, (traceparent) =>
      this.deliver(claim, startedAt, traceparent, sent),
    );
    if (result.ok) this.counters.succeeded++;
    else this.counters.failed++;
    const outcome = toAttemptOutcome(
      claim,
      result,
      { startedAt, finishedAt: this.clock.now() },
      this.retryPolicies.policyFor(claim.retrySchedule ?? null),
      sent.request,
    );
    this.observer.finished(claim, outcome, result);
    this.idleRunOutcomes?.push(outcome);
    this.recorder.add(outcome, claim.ordering === 'fifo');
  }

  private async deliver(
    claim: ClaimedDelivery,
    startedAt: Date,
    traceparent: string | null,
    sent: { request: TransportRequest },
  ): Promise<TransportResult> {
    try {
      const request: TransportRequest = {
        ...this.requests.build(claim, startedAt),
        timeoutMs: this.timeoutFor(claim),
      };
      if (traceparent) request.headers.traceparent = traceparent;
      sent.request = request;
      return await this.sender.send(
        request,
        {
          subscriptionId: claim.subscriptionId,
          eventId: claim.eventId,
          eventType: claim.eventType,
          attempt: claim.attempt,
          deliveryId: claim.id,
          secrets: claim.secrets,
        },
        claim,
        // Token requests and the 401 retry included, the attempt ends inside its lease.
        this.settings.leaseMs - LEASE_RECORD_MARGIN_MS,
      );
    } catch (error) {
      // Only signing can throw (e.g. a secret encrypted with another key): a failed attempt, with the reason.
      return signingFailureResult(error);
    }
  }

  /**
   * The subscription's own timeout, kept below the lease (with room to record the outcome): a request
   * outliving its lease would be claimed and sent again by another worker.
   */
  private timeoutFor(claim: ClaimedDelivery): number | undefined {
    if (claim.timeoutMs === null || claim.timeoutMs === undefined) return undefined;
    return Math.max(1, Math.min(claim.timeoutMs, this.settings.leaseMs - LEASE_RECORD_MARGIN_MS));
  }

  private onSlotFreed(): void {
    if (!this.running || this.slotTimer) return;
    this.slotTimer = setTimeout(() => {
      this.slotTimer = undefined;
      this.signal();
    }, SLOT_COALESCE_MS);
  }
}
