import { Worker } from 'node:worker_threads';
import type { EndpointReply, EndpointRequest } from './endpoint.thread.js';

/** Webhook endpoints on loopback, served from a separate thread. */
export interface LoopbackEndpoints {
  urls: string[];
  /** Requests answered per endpoint, and the first arrival (absolute ms) of each `webhook-id`. */
  stats(): Promise<{ counts: number[]; arrivals: Map<string, number> }>;
  /** Resolves once the endpoints together have answered `total` requests. */
  waitFor(total: number, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts `count` endpoints that answer every POST with `200 ok` at once over keep-alive, recording
 * only counts and arrival times (verifying and storing requests would cost the CPU being measured).
 */
export async function startLoopbackEndpoints(count: number): Promise<LoopbackEndpoints> {
  const worker = new Worker(new URL('./endpoint.thread.js', import.meta.url), { workerData: { count } });
  const pending = new Map<number, (reply: EndpointReply) => void>();
  let nextId = 0;
  const urls = await new Promise<string[]>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (reply: EndpointReply) => {
      if (reply.type === 'ready') resolve(reply.urls);
      else pending.get(reply.id)?.(reply);
    });
  });
  const ask = (type: EndpointRequest['type']): Promise<EndpointReply> =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, (reply) => {
        pending.delete(id);
        resolve(reply);
      });
      worker.postMessage({ type, id } satisfies EndpointRequest);
    });
  const stats = async (what: 'counts' | 'stats' = 'stats') => {
    const reply = await ask(what);
    if (reply.type !== 'stats') throw new Error('unexpected reply');
    return { counts: reply.counts, arrivals: new Map(reply.arrivals) };
  };
  return {
    urls,
    stats,
    waitFor: async (total, timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { counts } = await stats('counts');
        const received = counts.reduce((a, b) => a + b, 0);
        if (received >= total) return;
        if (Date.now() > deadline)
          throw new Error(`endpoints: expected ${total} requests within ${timeoutMs} ms, got ${received}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: async () => {
      await ask('close');
      await worker.terminate();
    },
  };
}
