import type { AddressInfo } from 'node:net';
import {
  CPU_MESSAGE,
  STOP_MESSAGE,
  type IngestServerCpu,
  type IngestServerListening,
} from './ingest-server.protocol.js';

/**
 * The child side of the server protocol, shared by the ingest and publish children: answers CPU
 * questions, runs `stop` then exits on the stop message, and reports the listening port.
 */
export function serveParent(server: { address(): unknown }, stop: () => Promise<void>): void {
  process.on('message', (message) => {
    if (message === CPU_MESSAGE) {
      const { user, system } = process.cpuUsage();
      process.send!({ type: 'cpu', micros: user + system } satisfies IngestServerCpu);
    }
    if (message !== STOP_MESSAGE) return;
    void stop().then(() => process.exit(0));
  });
  const { port } = server.address() as AddressInfo;
  process.send!({ type: 'listening', port } satisfies IngestServerListening);
}
