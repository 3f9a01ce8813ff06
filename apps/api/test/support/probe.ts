import { createReceiver, type Receiver } from '@org/receiver';
import { SubscriptionsService, WebhooksService } from '@org/webhooks';
import { DeliveryWorker } from '@org/webhooks/internal';
import type { TestApp } from '../app-harness.js';

/** The workspace of probes: none of the API keys is bound to it, so no test sees its subscription. */
const PROBE_WORKSPACE = 'probe';

/** Whether an event of the log is a probe's (the log of an unbound key lists every workspace's). */
export function isProbeEvent(event: { data?: unknown }): boolean {
  return typeof event.data === 'object' && event.data !== null && 'probe' in event.data;
}

/** A loopback endpoint subscribed in a workspace of its own, to give the worker its chance. */
export interface Probe {
  /**
   * Publishes a probe event, wakes the worker and waits until the probe arrives; resolves with how
   * many attempts the worker claimed meanwhile besides the probe's own.
   */
  claimsBesideProbe(): Promise<number>;
  /** Deletes the probe's subscription (lists of an unbound key would show it) and stops its endpoint. */
  close(): Promise<void>;
}

/**
 * Before a test asserts that the app sent nothing (a paused subscription, no second send), it gives
 * the delivery worker its chance: a probe event published now is delivered only by a claim that ran
 * after it, and the worker counts a claim before it starts its requests. So once the probe arrived,
 * every attempt that claim (or an earlier one since) took is in the count: 0 means the worker,
 * given its chance, took nothing else. Nothing is timed: the probe's arrival ends the wait.
 * (libs/webhooks/test/support/delivery-app.ts has the same for the library's own test apps.)
 */
export async function startProbe(t: TestApp): Promise<Probe> {
  const receiver: Receiver = await createReceiver();
  const created = await t.app
    .get(SubscriptionsService)
    .create({ name: 'probe', url: receiver.url }, PROBE_WORKSPACE);
  const worker = t.app.get(DeliveryWorker);
  const webhooks = t.app.get(WebhooksService);
  return {
    async claimsBesideProbe() {
      const before = worker.stats().claimed;
      const arrived = receiver.requests.length;
      await webhooks.publish('contact.created', { probe: arrived + 1 }, { workspace: PROBE_WORKSPACE });
      worker.wake();
      await receiver.waitFor(arrived + 1, 30_000);
      return worker.stats().claimed - before - 1;
    },
    async close() {
      await t.app.get(SubscriptionsService).delete(created.subscription.id, PROBE_WORKSPACE);
      await receiver.close();
    },
  };
}

/** One probe, started, counted once and closed: {@link Probe.claimsBesideProbe} for a single check. */
export async function claimsBesideProbe(t: TestApp): Promise<number> {
  const probe = await startProbe(t);
  try {
    return await probe.claimsBesideProbe();
  } finally {
    await probe.close();
  }
}
