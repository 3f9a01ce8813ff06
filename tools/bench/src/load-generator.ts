import { Pool } from 'undici';
import type { PreparedRequest } from './ingest-fixture.js';

/** A closed-loop load: `connections` keep-alive connections, each sending its next request on each answer. */
export interface LoadOptions {
  origin: string;
  path: string;
  /** The requests, sent in order, each at most once unless `cycle`. */
  requests: readonly PreparedRequest[];
  /** Start over when the requests run out (the baseline, which stores nothing); else the run ends early. */
  cycle: boolean;
  connections: number;
  /** Answers before this are not measured (but still counted in the totals). */
  warmUpMs: number;
  /** The measured window after the warm-up. */
  durationMs: number;
  /** Whether an answer (status and parsed JSON body) counts as a success. */
  isSuccess(status: number, body: unknown): boolean;
}

/** What a load run saw. */
export interface LoadResult {
  /** Successes answered within the measured window, per second of that window. */
  ratePerSecond: number;
  /** Latencies (ms) of the successes answered within the measured window. */
  latencies: number[];
  /** Successes over the whole run, warm-up and drain included. */
  totalSuccesses: number;
  /** Answers that were not successes, or requests that failed, over the whole run. */
  failures: number;
  /** The length of the measured window (shorter than `durationMs` when the requests ran out), ms. */
  measuredMs: number;
  /** The first failure (status and body, or the error), to say what went wrong. */
  firstFailure?: string;
}

/**
 * Runs the load. Answers are put in the window by when they arrive; requests stop being sent at the end
 * of the window and those in flight are awaited (their successes count in `totalSuccesses` only).
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const pool = new Pool(options.origin, { connections: options.connections, pipelining: 1, keepAliveTimeout: 60_000 });
  const started = performance.now();
  const windowStart = started + options.warmUpMs;
  let windowEnd = windowStart + options.durationMs;
  const latencies: number[] = [];
  let next = 0;
  let totalSuccesses = 0;
  let failures = 0;
  let firstFailure: string | undefined;

  const take = (): PreparedRequest | undefined => {
    if (next >= options.requests.length) {
      if (!options.cycle) {
        // Out of requests: the window ends here, before the lanes run dry one by one.
        windowEnd = Math.min(windowEnd, performance.now());
        return undefined;
      }
      next = 0;
    }
    return options.requests[next++];
  };

  const lane = async (): Promise<void> => {
    for (let request = take(); request && performance.now() < windowEnd; request = take()) {
      const sentAt = performance.now();
      let failure: string | undefined;
      try {
        const response = await pool.request({ path: options.path, method: 'POST', headers: request.headers, body: request.body });
        const body = await response.body.text();
        if (!options.isSuccess(response.statusCode, JSON.parse(body))) failure = `${response.statusCode} ${body.slice(0, 300)}`;
      } catch (error) {
        failure = String(error);
      }
      const answeredAt = performance.now();
      if (failure !== undefined) {
        failures++;
        firstFailure ??= failure;
        continue;
      }
      totalSuccesses++;
      if (answeredAt >= windowStart && answeredAt < windowEnd) latencies.push(answeredAt - sentAt);
    }
  };

  await Promise.all(Array.from({ length: options.connections }, lane));
  await pool.close();
  const measuredMs = Math.max(0, windowEnd - windowStart);
  if (measuredMs === 0) throw new Error('load: the requests ran out during the warm-up');
  const ratePerSecond = latencies.length / (measuredMs / 1000);
  return { ratePerSecond, latencies, totalSuccesses, failures, measuredMs, firstFailure };
}
