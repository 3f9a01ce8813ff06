import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { ManualClock } from '@org/common';
import { DeliveryWorker, type IdleRunReport } from '../delivery/delivery.worker.js';
import { DeliveryQueue } from '../storage/delivery-queue.interface.js';
import { WebhookTransport } from '../transport/webhook-transport.js';
import type { CapturingWebhookTransport } from './capturing-webhook.transport.js';
import type { Responder, ScriptedAnswer } from './scripted-answer.js';
import type { DrainedAttempt, DrainReport, ScheduledRetry, SentWebhook } from './sent-webhook.js';
import { TestbedClosedError } from './testbed-closed.error.js';
import { WEBHOOKS_TESTBED_OPTIONS, type ResolvedTestbedOptions } from './webhooks-testing.options.js';

/**
 * Drives the outbound webhooks of a `WebhooksTestingModule` from a test: runs delivery to
 * quiescence, moves the manual clock, shows what was sent, and scripts how endpoints answer.
 * @example
 * await webhooks.publish('order.paid', { orderId: 'o_1' });
 * await testbed.drain();
 * expect(testbed.sent('order.paid')).toHaveLength(1);
 */
@Injectable()
export class WebhooksTestbed implements OnModuleDestroy {
  private closed = false;

  /** @internal Nest builds it: take it from the module (`moduleRef.get(WebhooksTestbed)` or injection). */
  constructor(
    private readonly worker: DeliveryWorker,
    @Inject(WebhookTransport) private readonly transport: CapturingWebhookTransport,
    @Inject(DeliveryQueue) private readonly queue: DeliveryQueue,
    @Inject(WEBHOOKS_TESTBED_OPTIONS) private readonly options: ResolvedTestbedOptions,
  ) {}

  /** The module's clock, which only moves when the test moves it. */
  get clock(): ManualClock {
    this.assertOpen('clock');
    return this.options.clock;
  }

  /**
   * Runs fan-out, claims, deliveries and every retry due now, pass after pass until nothing is due,
   * and reports what happened. Retries scheduled later wait for `advance()`.
   * @throws Error when work is still due after `maxDrainPasses` passes, naming what kept it busy.
   */
  async drain(): Promise<DrainReport> {
    this.assertOpen('drain');
    return this.report(await this.worker.runUntilIdle(this.options.maxDrainPasses));
  }

  /**
   * Moves the clock forward by `ms`, stopping at each attempt that comes due on the way (a retry, the
   * end of a Retry-After hold) to drain there, so every attempt runs at its own time; then drains at
   * the end. Reports every attempt made.
   */
  async advance(ms: number): Promise<DrainReport> {
    this.assertOpen('advance');
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance(ms) needs ms >= 0, got ${ms}`);
    const clock = this.options.clock;
    const target = clock.now().getTime() + ms;
    const runs: IdleRunReport[] = [await this.worker.runUntilIdle(this.options.maxDrainPasses)];
    // Each step moves the clock strictly forward, and never past the target: the loop ends.
    for (;;) {
      const due = (await this.queue.nextDueAt())?.getTime();
      // Only a time ahead moves the clock: an attempt due now that the drain left (held) waits for the end.
      if (due === undefined || due > target || due <= clock.now().getTime()) break;
      clock.set(due);
      runs.push(await this.worker.runUntilIdle(this.options.maxDrainPasses));
    }
    clock.set(target);
    runs.push(await this.worker.runUntilIdle(this.options.maxDrainPasses));
    return this.report({
      passes: runs.reduce((sum, run) => sum + run.passes, 0),
      fannedOut: runs.reduce((sum, run) => sum + run.fannedOut, 0),
      outcomes: runs.flatMap((run) => run.outcomes),
    });
  }

  /** What was sent since the start (or `reset()`), in order; of one event type when given. */
  sent<Body = unknown>(type?: string): SentWebhook<Body>[] {
    this.assertOpen('sent');
    const all = this.transport.sent as SentWebhook<Body>[];
    return type === undefined ? [...all] : all.filter((request) => request.type === type);
  }

  /**
   * Scripts how the endpoint at a URL, or of a subscription (by `whs_` id, which wins over its URL),
   * answers: one answer per request in order, then 200 once the list is used up; or a function that
   * answers each request. Replaces an earlier script of the same target.
   * @example testbed.respond(url, [{ status: 500 }, { status: 429, headers: { 'retry-after': '30' } }])
   */
  respond(target: string, answers: readonly ScriptedAnswer[] | Responder): void {
    this.assertOpen('respond');
    if (typeof answers === 'function') {
      this.transport.script(target, answers);
      return;
    }
    const queue = [...answers];
    this.transport.script(target, () => queue.shift() ?? {});
  }

  /** Forgets what was sent and every script (stored subscriptions and events stay). */
  reset(): void {
    this.assertOpen('reset');
    this.transport.reset();
  }

  /** Marks the test bed closed with its application (`app.close()`): later calls throw. */
  onModuleDestroy(): void {
    this.closed = true;
  }

  private assertOpen(method: string): void {
    if (this.closed) throw new TestbedClosedError(method);
  }

  private report(run: IdleRunReport): DrainReport {
    const byDelivery = new Map(this.transport.sent.map((request) => [request.deliveryId, request]));
    const attempts = run.outcomes.map((outcome): DrainedAttempt => {
      const request = byDelivery.get(outcome.deliveryId) ?? null;
      const retry: ScheduledRetry | null = outcome.next && {
        deliveryId: outcome.next.id,
        subscriptionId: outcome.subscriptionId,
        eventId: request?.eventId ?? '',
        type: request?.type ?? '',
        attempt: outcome.next.attempt,
        at: outcome.next.at,
      };
      return {
        deliveryId: outcome.deliveryId,
        subscriptionId: outcome.subscriptionId,
        ok: outcome.ok,
        httpStatus: outcome.httpStatus,
        error: outcome.error,
        request,
        retry,
      };
    });
    return {
      attempts,
      delivered: attempts.flatMap((attempt) => (attempt.ok && attempt.request ? [attempt.request] : [])),
      failed: attempts.filter((attempt) => !attempt.ok),
      retries: attempts.flatMap((attempt) => (attempt.retry ? [attempt.retry] : [])),
    };
  }
}
