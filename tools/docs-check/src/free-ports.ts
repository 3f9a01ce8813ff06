import { createServer } from 'node:net';

/**
 * The ports of `ports` that something already listens on. Each is tried on the IPv6 wildcard, which
 * on a dual-stack host also collides with a listener on 127.0.0.1 or ::1, and on the IPv4 one.
 */
export async function portsInUse(ports: readonly number[]): Promise<number[]> {
  const taken: number[] = [];
  for (const port of ports) {
    if ((await inUse(port, '::')) || (await inUse(port, '0.0.0.0'))) taken.push(port);
  }
  return taken;
}

function inUse(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      // A host without IPv6 cannot bind '::' at all: that says nothing about the port.
      resolve(error.code === 'EADDRINUSE' || error.code === 'EACCES'),
    );
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(false)));
  });
}
