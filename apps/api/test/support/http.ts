import type { TestApp } from '../app-harness.js';
import { until } from '../../../../libs/common/test/support/until.js';

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
 * Awaits state the app reaches in the background (an inbound event processed): resolves with the
 * first truthy value of `check`, through the suites' one polling helper ({@link until}); fails
 * naming `what`. `timeoutMs` is a stuck-guard only.
 */
export function eventually<T>(
  what: string,
  check: () => Promise<T | null | undefined | false>,
  timeoutMs?: number,
): Promise<T> {
  return until(check, { what, timeoutMs }) as Promise<T>;
}
