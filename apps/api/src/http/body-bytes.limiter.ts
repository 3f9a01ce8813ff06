import { Gauge, type Registry } from 'prom-client';

/**
 * Bounds the request body bytes being read and handled at once, judged from each request's declared
 * `Content-Length` before any byte is read (or its route's limit for a chunked body, the most it may
 * read): six 16 MiB batches at once used to grow the process by over 300 MB. A request is admitted
 * while the bytes in flight plus its own stay within the budget, or when no other body is in flight,
 * so a budget below a route's limit never makes that route unusable. In-process: each instance
 * guards its own memory.
 */
export class BodyBytesLimiter {
  private inFlight = 0;

  constructor(
    private readonly budget: number,
    registry?: Registry,
  ) {
    if (registry) {
      const inFlight = (): number => this.inFlight;
      new Gauge({
        name: 'http_request_body_bytes_in_flight',
        help: 'Declared request body bytes admitted and not yet answered (MAX_BODY_BYTES_IN_FLIGHT bounds it).',
        registers: [registry],
        collect() {
          this.set(inFlight());
        },
      });
    }
  }

  /**
   * Reserves `bytes` when they fit; the caller gives them back with {@link release} once the
   * request is answered or aborted.
   */
  tryReserve(bytes: number): boolean {
    if (this.inFlight > 0 && this.inFlight + bytes > this.budget) return false;
    this.inFlight += bytes;
    return true;
  }

  /** Gives back what {@link tryReserve} reserved. */
  release(bytes: number): void {
    this.inFlight -= bytes;
  }
}
