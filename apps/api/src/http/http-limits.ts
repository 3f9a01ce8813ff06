import { MAX_BATCH_BODY_BYTES } from '@org/webhooks';

/** Largest JSON body the API accepts (events are limited further by the webhooks module). */
export const MAX_BODY_SIZE = '1mb';

/** {@link MAX_BODY_SIZE} in bytes, for the declared-length check that runs before any body is read. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Routes with a body limit of their own, by path under the API prefix: `POST /events/batch` takes up
 * to 1,000 events (the webhooks module's `MAX_BATCH_BODY_BYTES`), more than one event's 1 MB.
 */
export const ROUTE_BODY_LIMITS: ReadonlyMap<string, number> = new Map([
  ['/events/batch', MAX_BATCH_BODY_BYTES],
]);

/**
 * Default of `MAX_BODY_BYTES_IN_FLIGHT`: the request body bytes (declared `Content-Length`) an
 * instance reads and handles at once, four of the largest batches. A parsed JSON body takes several
 * times its size in memory, so this bounds the memory bodies can take.
 */
export const DEFAULT_MAX_BODY_BYTES_IN_FLIGHT = 64 * 1024 * 1024;

/** `Retry-After` of a 503 `server_busy`: bodies in flight are done within the request timeout, most far sooner. */
export const BUSY_RETRY_AFTER_SECONDS = 1;

/**
 * Node's `server.requestTimeout`: a request (headers and body) must arrive within 30 s, so a slow
 * sender cannot hold a connection open indefinitely.
 */
export const REQUEST_TIMEOUT_MS = 30_000;

/** Node's `server.headersTimeout`: the request headers must arrive within 10 s. */
export const HEADERS_TIMEOUT_MS = 10_000;

/**
 * Node's `server.keepAliveTimeout`, the same on both platforms (Node's default on Express is 5 s,
 * Fastify's 72 s): an idle keep-alive connection stays open 72 s, longer than the 60 s idle timeout
 * of common load balancers, which would otherwise reuse a connection the app has just closed (a 502).
 */
export const KEEP_ALIVE_TIMEOUT_MS = 72_000;

/** Failed API-key checks one client address may make per {@link AUTH_FAILURE_WINDOW_MS} before 429s. */
export const AUTH_FAILURE_LIMIT = 20;

/** The window of {@link AUTH_FAILURE_LIMIT}. */
export const AUTH_FAILURE_WINDOW_MS = 60_000;
