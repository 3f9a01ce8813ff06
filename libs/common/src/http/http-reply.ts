import type { ServerResponse } from 'node:http';

/**
 * What Express's response and Fastify's reply both offer: `status(code)` (Fastify's alias of
 * `code()`), `header(name, value)` (Express's alias of `set()`) and `send(body)`, which answers an
 * object as JSON on both. A Node.js `ServerResponse` (what Nest middleware sees on Fastify) has
 * none of them and is written directly.
 */
interface FrameworkReply {
  status(code: number): unknown;
  header(name: string, value: string): unknown;
  send(body?: unknown): unknown;
  headersSent?: boolean;
  sent?: boolean;
  raw?: { headersSent?: boolean };
}

type AnyReply = FrameworkReply | ServerResponse;

// Duck-typed rather than through `HttpAdapterHost`: an exception filter made with `new` (as hosts
// register `ErrorEnvelopeFilter`) has no injector to ask, and a `@Res({ passthrough: true })`
// handler holds the response already.
function isFrameworkReply(response: AnyReply): response is FrameworkReply {
  return typeof (response as Partial<FrameworkReply>).status === 'function';
}

/** Sets a response's status, on Express, Fastify or a bare Node.js response. */
export function setReplyStatus(response: unknown, status: number): void {
  const reply = response as AnyReply;
  if (isFrameworkReply(reply)) reply.status(status);
  else reply.statusCode = status;
}

/** Sets a response header, on Express, Fastify or a bare Node.js response. */
export function setReplyHeader(response: unknown, name: string, value: string): void {
  const reply = response as AnyReply;
  if (isFrameworkReply(reply)) reply.header(name, value);
  else reply.setHeader(name, value);
}

/** Whether the response has started (headers out), so that nothing more can be sent on it. */
export function isReplyStarted(response: unknown): boolean {
  const reply = response as FrameworkReply;
  // Fastify's `sent` covers ended or hijacked replies; `raw.headersSent` headers flushed on the raw one.
  return Boolean(reply.headersSent || reply.sent || reply.raw?.headersSent);
}

/** Answers `status` with `body` as JSON, on Express, Fastify or a bare Node.js response. */
export function sendJsonReply(response: unknown, status: number, body: unknown): void {
  const reply = response as AnyReply;
  if (isFrameworkReply(reply)) {
    reply.status(status);
    reply.send(body);
    return;
  }
  reply.statusCode = status;
  reply.setHeader('Content-Type', 'application/json; charset=utf-8');
  reply.end(JSON.stringify(body));
}
