import { createServer, type Server } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { TestCertificate } from './test-pki.js';

/** One request the receiver accepted, with the client certificate it came with. */
export interface MtlsReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
  /** SHA-256 fingerprint (`AB:CD:…`) of the certificate the client presented. */
  peerFingerprint: string;
}

/** A loopback HTTPS endpoint that demands a client certificate issued by `clientCa`. */
export interface MtlsReceiver {
  url: string;
  requests: MtlsReceivedRequest[];
  /** Completed handshakes (each with a certificate the receiver accepted). */
  handshakes: number;
  /** Handshakes the receiver refused (no certificate, or one from another CA). */
  refusedHandshakes: number;
  close(): Promise<void>;
}

/**
 * Starts the receiver an mTLS endpoint is: `requestCert` and `rejectUnauthorized`, trusting only
 * `clientCa`, answering 200 to every request and recording it with the peer's certificate.
 */
export async function startMtlsReceiver(server: TestCertificate, clientCa: string): Promise<MtlsReceiver> {
  const state = { requests: [] as MtlsReceivedRequest[], handshakes: 0, refusedHandshakes: 0 };
  const https: Server = createServer(
    { cert: server.cert, key: server.key, ca: clientCa, requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        state.requests.push({ headers: req.headers, body, peerFingerprint: peer.fingerprint256 });
        res.end('ok');
      });
    },
  );
  https.on('secureConnection', () => state.handshakes++);
  https.on('tlsClientError', () => state.refusedHandshakes++);
  await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
  const { port } = https.address() as AddressInfo;
  return Object.assign(state, {
    url: `https://127.0.0.1:${port}/hook`,
    async close() {
      https.closeAllConnections();
      await new Promise((resolve) => https.close(resolve));
    },
  });
}
