import { Pool } from 'undici';
import type { PreparedRequest } from './ingest-fixture.js';

/** What one server is loaded with. */
export interface LoadTargetOptions {
  origin: string;
  /** Where requests without a `path` of their own go. */
  path: string;
  /** The requests, sent in order across windows, each at most once unless `cycle`. */
  requests: readonly PreparedRequest[];
  /** Start over when the requests run out (the baseline, which stores nothing); else windows end early. */
  cycle: boolean;
  /** Keep-alive connections, each sending its next request as soon as it has an answer. */
  connections: number;
  /** Whether an answer (status and parsed JSON body) counts as a success. */
  isSuccess(status: number, body: unknown): boolean;
}

/** One measured window. */
export interface LoadWindow {
  /** Latencies (ms) of the successes answered within the window; their count is the window's throughput. */
  latencies: number[];
  /** The window's length: shorter than asked when the requests ran out. */
  measuredMs: number;
  /** Successes sent in the window, those answered after its end included. */
  answered: number;
}

/**
 * A closed-loop load on one server over its own keep-alive connections, run in windows (so two servers
 * can be measured alternately in the same run). Successes answered in a window count for it; requests
 * stop being sent at its end and those in flight are awaited (counted in the totals only).
 */
export class LoadTarget {
  /** Successes over every window and warm-up. */
  totalSuccesses = 0;
  /** Answers that were not successes, and requests that failed, over every window and warm-up. */
  failures = 0;
  /** The first failure (status and body, or the error), to say what went wrong. */
  firstFailure?: string;
  private readonly pool: Pool;
  private next = 0;

  constructor(private readonly options: LoadTargetOptions) {
    this.pool = new Pool(options.origin, {
      connections: options.connections,
      pipelining: 1,
      keepAliveTimeout: 120_000,
    });
  }

  /** True once every request was sent (never when cycling). */
  get exhausted(): boolean {
    return !this.options.cycle && this.next >= this.options.requests.length;
  }

  /** Loads the server for `durationMs`: one window (a warm-up is a window whose figures are ignored). */
  run(durationMs: number): Promise<LoadWindow> {
    return this.window(durationMs);
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private async window(durationMs: number): Promise<LoadWindow> {
    const start = performance.now();
    let end = start + durationMs;
    const latencies: number[] = [];
    let answered = 0;
    const take = (): PreparedRequest | undefined => {
      if (this.next >= this.options.requests.length) {
        if (!this.options.cycle) {
          // Out of requests: the window ends here, before the lanes run dry one by one.
          end = Math.min(end, performance.now());
          return undefined;
        }
        this.next = 0;
      }
      return this.options.requests[this.next++];
    };
    const lane = async (): Promise<void> => {
      for (let request = take(); request && performance.now() < end; request = take()) {
        const sentAt = performance.now();
        const failure = await this.send(request);
        const answeredAt = performance.now();
        if (failure !== undefined) {
          this.failures += 1;
          this.firstFailure ??= failure;
        } else {
          this.totalSuccesses += 1;
          answered += 1;
          if (answeredAt < end) latencies.push(answeredAt - sentAt);
        }
      }
    };
    await Promise.all(Array.from({ length: this.options.connections }, lane));
    return { latencies, measuredMs: Math.max(0, end - start), answered };
  }

  /** Sends one request; undefined on success, else what went wrong. */
  private async send(request: PreparedRequest): Promise<string | undefined> {
    try {
      const response = await this.pool.request({
        path: request.path ?? this.options.path,
        method: 'POST',
        headers: request.headers,
        body: request.body,
      });
      const text = await response.body.text();
      return this.options.isSuccess(response.statusCode, JSON.parse(text))
        ? undefined
        : `${response.statusCode} ${text.slice(0, 300)}`;
    } catch (error) {
      return String(error);
    }
  }
}

/** Throughput (successes per second) and latencies over several windows. */
export function combineWindows(windows: readonly LoadWindow[]): {
  ratePerSecond: number;
  latencies: number[];
  measuredMs: number;
} {
  const latencies = windows.flatMap((window) => window.latencies);
  const measuredMs = windows.reduce((sum, window) => sum + window.measuredMs, 0);
  return {
    ratePerSecond: measuredMs > 0 ? latencies.length / (measuredMs / 1000) : 0,
    latencies,
    measuredMs,
  };
}
