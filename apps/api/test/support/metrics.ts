import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * The value of one sample in a Prometheus text exposition: `name` with exactly these labels (in
 * any order); `undefined` when absent.
 */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, key, value]) => [key, value]),
    );
    const wanted = Object.entries(labels);
    if (wanted.length !== Object.keys(found).length) continue;
    if (wanted.every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

/** A loopback endpoint that holds every request until {@link GatedEndpoint.release}. */
export interface GatedEndpoint {
  url: string;
  /** Requests held right now. */
  held(): number;
  /** Answers every held request (and later ones) with 200. */
  release(): void;
  close(): Promise<void>;
}

/** Starts a {@link GatedEndpoint}: deliveries to it stay in flight, so they stay pending. */
export async function startGatedEndpoint(): Promise<GatedEndpoint> {
  const waiting: ServerResponse[] = [];
  let open = false;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    request.on('end', () => {
      if (open) response.writeHead(200).end('ok');
      else waiting.push(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/held`,
    held: () => waiting.length,
    release: () => {
      open = true;
      for (const response of waiting.splice(0)) response.writeHead(200).end('ok');
    },
    close: async () => {
      for (const response of waiting.splice(0)) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
