// Runs the benchmark's webhook endpoints on their own thread (and so, on a 2-core machine, their
// own core): endpoints are someone else's servers, and answering thousands of requests a second in
// the sender's event loop would make the sender look slower than it is.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';

/** Messages the main thread sends. */
export type EndpointRequest = { type: 'counts' | 'stats' | 'close'; id: number };
/** Answers to the main thread. */
export type EndpointReply =
  | { type: 'ready'; urls: string[] }
  | { type: 'stats'; id: number; counts: number[]; arrivals: [string, number][] }
  | { type: 'closed'; id: number };

const count: number = workerData.count;
const counts: number[] = Array(count).fill(0);
// Absolute milliseconds (timeOrigin + now), comparable across threads.
const arrivals = new Map<string, number>();
const servers: Server[] = [];

for (let i = 0; i < count; i++) {
  const server = createServer((req, res) => {
    const arrivedAt = performance.timeOrigin + performance.now();
    req.resume();
    req.on('end', () => {
      counts[i]++;
      const id = req.headers['webhook-id'];
      if (typeof id === 'string' && !arrivals.has(id)) arrivals.set(id, arrivedAt);
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' }).end('ok');
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
}

parentPort!.on('message', (message: EndpointRequest) => {
  if (message.type !== 'close') {
    // Arrivals only when asked for: they are large, and counts are polled often.
    const reply = {
      type: 'stats',
      id: message.id,
      counts,
      arrivals: message.type === 'stats' ? [...arrivals] : [],
    } satisfies EndpointReply;
    parentPort!.postMessage(reply);
  } else {
    for (const server of servers) {
      server.close();
      server.closeAllConnections();
    }
    parentPort!.postMessage({ type: 'closed', id: message.id } satisfies EndpointReply);
  }
});
parentPort!.postMessage({
  type: 'ready',
  urls: servers.map((server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`),
} satisfies EndpointReply);
