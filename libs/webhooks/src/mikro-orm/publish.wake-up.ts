import { randomBytes } from 'node:crypto';
import type { SqlRunner } from '@org/common/sql';
import { PUBLISH_NOTIFY_INTERVAL_MS } from '../webhooks.constants.js';
import { EVENT_PUBLISHED_CHANNEL } from './pg-channels.js';
import { NOTIFY_PUBLISHED } from './stores/webhook-event.sql.js';

/**
 * Wakes dispatchers after a publish committed outside a caller's transaction: this process's at once
 * (in-process, no round trip), every other instance's by a NOTIFY sent after commit, at most one per
 * {@link PUBLISH_NOTIFY_INTERVAL_MS}: the first at once, and one more at the end of the interval when
 * more commits came meanwhile. A NOTIFY inside each publishing transaction would take PostgreSQL's
 * global notification lock at every commit and serialize them; sent alone it costs one small
 * transaction per interval. The payload names this process, whose listener skips its own.
 */
export class PublishWakeUp {
  /** Identifies this process's notifications (its listener ignores them). */
  readonly origin = `p${randomBytes(6).toString('hex')}`;
  private readonly listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private trailing = false;

  constructor(
    private readonly sql: SqlRunner,
    private readonly intervalMs = PUBLISH_NOTIFY_INTERVAL_MS,
  ) {}

  /** Calls `listener` on every local publish; returns what removes it. */
  addListener(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Events committed: wake the local dispatchers now, the others by the throttled NOTIFY. */
  published(): void {
    for (const listener of this.listeners) {
      // A throwing listener must not fail a publish whose events are already stored.
      try {
        listener();
      } catch {
        // the dispatcher's poll covers a lost wake-up
      }
    }
    if (this.timer !== undefined) {
      this.trailing = true;
      return;
    }
    this.notify();
  }

  private notify(): void {
    this.trailing = false;
    // A lost NOTIFY delays other instances until their poll, and never loses an event: not an error.
    this.sql.run(NOTIFY_PUBLISHED, [EVENT_PUBLISHED_CHANNEL, this.origin]).catch(() => undefined);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.trailing) this.notify();
    }, this.intervalMs);
    this.timer.unref();
  }
}
