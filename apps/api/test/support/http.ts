import type { TestApp } from '../app-harness.js';

/** What a test needs from one HTTP answer. */
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  /** The raw text of the body (to check what is, and is not, echoed). */
  text: string;
  /** The parsed JSON body, `undefined` when the body is empty or not JSON. */
  body: T;
}

/** How to call the API in a test. */
export interface ApiRequest {
  /** An API key, sent as `X-Api-Key` (or as a Bearer token with `bearer: true`). */
  key?: string;
  bearer?: boolean;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent verbatim (for malformed or signed bodies). */
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

/** Calls the running app with `fetch` and reads the answer fully. */
export async function call<T = any>(
  t: TestApp,
  method: string,
  path: string,
  request: ApiRequest = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.key !== undefined) {
    if (request.bearer) headers.authorization = `Bearer ${request.key}`;
    else headers['x-api-key'] = request.key;
  }
  let body: string | Uint8Array | undefined = request.raw;
  if (request.json !== undefined) body = JSON.stringify(request.json);
  if (body !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${t.baseUrl}${path}`, {
    method,
    headers,
    body: body as string | Uint8Array | undefined,
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, text, body: parsed as T };
}

/**
 * A caller that sends a document's curl `-H` lines on every request, plus `Content-Type:
 * application/json` with a JSON body, as those curls do. For the seed suites.
 */
export function curlWith(t: TestApp, headers: Record<string, string>) {
  return <T = any>(method: string, path: string, json?: unknown) =>
    call<T>(t, method, path, {
      headers: { ...headers, ...(json === undefined ? {} : { 'Content-Type': 'application/json' }) },
      json,
    });
}

/** Shorthand bound to one app and one key. */
export function client(t: TestApp, key: string) {
  return {
    get: <T = any>(path: string) => call<T>(t, 'GET', path, { key }),
    post: <T = any>(path: string, json?: unknown) => call<T>(t, 'POST', path, { key, json }),
    patch: <T = any>(path: string, json?: unknown) => call<T>(t, 'PATCH', path, { key, json }),
    delete: <T = any>(path: string) => call<T>(t, 'DELETE', path, { key }),
  };
}

/**
 * Polls `check` every 50 ms until it returns a truthy value, for state the app reaches in the
 * background (an inbound event processed). Fails with `what` after `timeoutMs`.
 */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | null | undefined | false>,
  // Generous: it only runs out when the test fails, and a loaded 2-core CI machine can be slow.
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | null | undefined | false;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last;
    await pause(50);
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
}

/** Waits `ms` (short: used only after a positive control arrived, to see that nothing else does). */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
