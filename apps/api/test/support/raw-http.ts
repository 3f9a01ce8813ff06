import { request as httpRequest } from 'node:http';
import { expect } from '@jest/globals';
import type { TestApp } from '../app-harness.js';
import { call } from './http.js';

/** What {@link rawRequest} got back. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- assertions read arbitrary JSON
  /** True when the server closed the connection after answering. */
  closed: boolean;
}

/**
 * One request over node:http with exactly the given headers, as a probe sends it. With `body` the
 * bytes are written and the request ended; without it, only the headers are sent and the request is
 * left open (a client declaring a body it never sends): the answer must come without the body.
 */
export function rawRequest(
  t: TestApp,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string | Buffer,
): Promise<RawAnswer> {
  const { hostname, port } = new URL(t.baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let closed = false;
      res.socket.once('close', () => (closed = true));
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        // Give the server's close a moment to arrive after the last byte.
        setImmediate(() => {
          closed ||= res.headers.connection === 'close' && res.socket.destroyed;
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = text;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed, closed });
          req.destroy();
        });
      });
    });
    req.on('error', reject);
    req.flushHeaders();
    if (body !== undefined) req.end(body);
  });
}

/** Asserts the app still serves a keyed request after abuse (`GET /api/webhooks` answers 200). */
export async function expectStillServing(t: TestApp, key: string): Promise<void> {
  const health = await call(t, 'GET', '/api/health');
  const list = await call(t, 'GET', '/api/webhooks', { key });
  expect([health.status, list.status]).toEqual([200, 200]);
}
