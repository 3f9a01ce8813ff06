/**
 * How many tunnels per origin are waiting for the egress proxy (connecting to it, or for its answer
 * to `CONNECT`). The transport reads it when an attempt runs out of time: with no connection to the
 * origin and a tunnel still waiting, the attempt never got past the proxy, which is the proxy's
 * failure (`proxy`), not the endpoint's (`timeout`).
 */
export class TunnelsAwaitingProxy {
  private readonly waiting = new Map<string, number>();

  /** Counts one tunnel to `origin` (`https://host:port`) until the returned function is called. */
  start(origin: string): () => void {
    this.waiting.set(origin, (this.waiting.get(origin) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = (this.waiting.get(origin) ?? 1) - 1;
      if (left > 0) this.waiting.set(origin, left);
      else this.waiting.delete(origin);
    };
  }

  /** True while a tunnel to `origin` waits for the proxy. */
  has(origin: string): boolean {
    return this.waiting.has(origin);
  }
}
