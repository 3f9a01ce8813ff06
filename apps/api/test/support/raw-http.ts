import { request as httpRequest } from 'node:http';
import { expect } from '@jest/globals';
import type { TestApp } from '../app-harness.js';
import { call } from './http.js';

/** What {@link rawRequest} got back. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- assertions read arbitrary JSON
  /** True when the server announced `Connection: close` and then closed the connection. */
  closed: boolean;
}

/** A request whose headers are sent and whose body is written by the test, piece by piece. */
export interface OpenRequest {
  /** Writes part of the body (the request stays open). */
  write(bytes: string | Buffer): void;
  /** Writes the rest of the body, if any, and ends the request. */
  end(bytes?: string | Buffer): void;
  /** Drops the connection, as a client that goes away mid-upload. */
  destroy(): void;
  /** The answer, whenever it comes (with or without the body sent). */
  answer: Promise<RawAnswer>;
}

/**
 * Sends a request's headers over node:http with exactly the given headers, as a probe sends them,
 * and leaves the body to the caller. `localAddress` sends from another loopback address
 * (127.0.0.2…), a client of its own for the per-address limit of failed authentications.
 */
export function openRequest(
  t: TestApp,
  method: string,
  path: string,
  headers: Record<string, string>,
  { localAddress }: { localAddress?: string } = {},
): OpenRequest {
  const { hostname, port } = new URL(t.baseUrl);
  const options = { hostname, port, method, path, headers, agent: false, localAddress };
  let req!: ReturnType<typeof httpRequest>;
  const answer = new Promise<RawAnswer>((resolve, reject) => {
    req = httpRequest(options, (res) => {
      const chunks: Buffer[] = [];
      const socketClosed = new Promise<void>((resolveClosed) =>
        res.socket.once('close', () => resolveClosed()),
      );
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', async () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          parsed = text;
        }
        // A server that announces `Connection: close` must then close: wait for it (a server that
        // does not lets the test time out). Otherwise the connection is ours to drop.
        const closed = res.headers.connection === 'close';
        if (closed) await socketClosed;
        else req.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed, closed });
      });
    });
    req.on('error', reject);
    req.flushHeaders();
  });
  return {
    write: (bytes) => void req.write(bytes),
    end: (bytes) => void req.end(bytes),
    destroy: () => void req.destroy(),
    answer,
  };
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
  options: { localAddress?: string } = {},
): Promise<RawAnswer> {
  const request = openRequest(t, method, path, headers, options);
  if (body !== undefined) request.end(body);
  return request.answer;
}

/** Asserts the app still serves a keyed request after abuse (`GET /api/webhooks` answers 200). */
export async function expectStillServing(t: TestApp, key: string): Promise<void> {
  const health = await call(t, 'GET', '/api/health');
  const list = await call(t, 'GET', '/api/webhooks', { key });
  expect([health.status, list.status]).toEqual([200, 200]);
}
