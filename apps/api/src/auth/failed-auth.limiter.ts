import { Logger } from '@nestjs/common';
import { AUTH_FAILURE_LIMIT, AUTH_FAILURE_WINDOW_MS } from '../http/http-limits.js';

/** Addresses tracked before ended windows are swept. */
const MAX_TRACKED_CLIENTS = 10_000;

interface Window {
  startedAt: number;
  failures: number;
  logged: boolean;
}

/**
 * Counts failed API-key checks per client address in fixed windows: after `limit` failures in a
 * window the client's further failures answer 429 until the window ends. In-process on purpose:
 * `@nestjs/throttler` counts every request before the handler, while only failures may count here
 * (a client with a valid key is never limited), and this must run in the pre-body middleware, where
 * no guard runs. One warning per blocked window, naming the address, never the key.
 */
export class FailedAuthLimiter {
  private readonly logger = new Logger('ApiKeyGuard');
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly limit: number = AUTH_FAILURE_LIMIT,
    private readonly windowMs: number = AUTH_FAILURE_WINDOW_MS,
  ) {}

  /** Seconds until `client` may fail again, or `null` when it is not blocked. */
  retryAfterSeconds(client: string): number | null {
    const window = this.current(client);
    if (!window || window.failures < this.limit) return null;
    return Math.max(1, Math.ceil((window.startedAt + this.windowMs - this.now()) / 1000));
  }

  /** Records one failure of `client`. */
  recordFailure(client: string): void {
    if (this.windows.size >= MAX_TRACKED_CLIENTS) this.forgetEndedWindows();
    const window = this.current(client) ?? { startedAt: this.now(), failures: 0, logged: false };
    window.failures += 1;
    this.windows.set(client, window);
    if (window.failures >= this.limit && !window.logged) {
      window.logged = true;
      this.logger.warn(
        `${window.failures} failed API-key checks from ${client} within ${this.windowMs / 1000} s: refusing its failures with 429 until the window ends`,
      );
    }
  }

  /** Keeps memory bounded when many addresses fail (a scan): ended windows hold nothing worth keeping. */
  private forgetEndedWindows(): void {
    for (const [client, window] of this.windows) {
      if (this.now() - window.startedAt >= this.windowMs) this.windows.delete(client);
    }
  }

  private current(client: string): Window | undefined {
    const window = this.windows.get(client);
    if (!window) return undefined;
    if (this.now() - window.startedAt < this.windowMs) return window;
    this.windows.delete(client);
    return undefined;
  }
}
