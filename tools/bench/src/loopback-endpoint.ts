import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A minimal webhook endpoint on loopback for benchmarks. */
export interface LoopbackEndpoint {
  url: string;
  /** Requests answered so far. */
  readonly count: number;
  /** Arrival time (`performance.now()`) by `webhook-id`, first arrival only. */
  readonly arrivals: Map<string, number>;
  /** Resolves once `count` requests have arrived. */
  waitFor(count: number, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Answers every POST with `200 ok` at once, over keep-alive, recording only arrival times: a
 * receiver that verifies and stores requests would spend the CPU the benchmark is measuring.
 */
export async function startLoopbackEndpoint(): Promise<LoopbackEndpoint> {
  let count = 0;
  const arrivals = new Map<string, number>();
  const waiters = new Set<() => void>();
  const server: Server = createServer((req, res) => {
    const arrivedAt = performance.now();
    req.resume();
    req.on('end', () => {
      count++;
      const id = req.headers['webhook-id'];
      if (typeof id === 'string' && !arrivals.has(id)) arrivals.set(id, arrivedAt);
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' }).end('ok');
      waiters.forEach((wake) => wake());
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    get count() {
      return count;
    },
    arrivals,
    waitFor: (target, timeoutMs) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (count < target) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`endpoint: expected ${target} requests within ${timeoutMs} ms, got ${count}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
