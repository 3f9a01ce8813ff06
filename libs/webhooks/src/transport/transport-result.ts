/**
 * Why an attempt failed, for code to branch on (the human sentence is in `error`):
 * - `http_status`: the endpoint answered outside 2xx/3xx;
 * - `redirect`: it answered 3xx, which is never followed;
 * - `timeout`: no complete answer within the deadline (connect, headers);
 * - `connection_refused`, `connection_reset`, `unreachable`, `tls`, `dns`: network failures;
 * - `blocked_address`: the SSRF policy refused the address (literal, or resolved at connect time);
 * - `proxy`: the egress proxy failed: unreachable, answered `CONNECT` outside 2xx (the status is in
 *   `error`), closed the connection before answering, or gave no tunnel in time. Failures of the
 *   endpoint behind a working tunnel keep their own codes;
 * - `destination_not_allowed`: never from the transport itself; what API callers see instead of `dns`
 *   and `blocked_address` (`toPublicResult`), which would tell them which internal names exist;
 * - `invalid_url`: not an absolute http(s) URL the policy accepts (scheme, credentials);
 * - `aborted`: the caller's signal fired (shutdown);
 * - `secret_unavailable`: the subscription's signing secret opens with no key of the ring (written
 *   under a key no longer given), nothing was sent;
 * - `signing`: the request could not be signed for another reason, nothing was sent;
 * - `oauth2_token`: the subscription's OAuth2 token could not be had (token endpoint unreachable,
 *   refused, answered outside 200 or unusably), nothing was sent to the endpoint;
 * - `network`: any other transport failure.
 */
export type TransportErrorCode =
  | 'http_status'
  | 'redirect'
  | 'timeout'
  | 'connection_refused'
  | 'connection_reset'
  | 'unreachable'
  | 'tls'
  | 'dns'
  | 'blocked_address'
  | 'proxy'
  | 'destination_not_allowed'
  | 'invalid_url'
  | 'aborted'
  | 'secret_unavailable'
  | 'signing'
  | 'oauth2_token'
  | 'network';

/** The outcome of one HTTP delivery attempt. Network failures are results, never exceptions. */
export interface TransportResult {
  /** True for a 2xx answer, the only success. */
  ok: boolean;
  /** The endpoint's status, or `null` when there was no answer. */
  httpStatus: number | null;
  /** From the start of `send` until the outcome was known, whole milliseconds. */
  durationMs: number;
  /** The start of the endpoint's answer as UTF-8 (cut at `maxResponseBodyBytes`), `null` with no answer. */
  responseBody: string | null;
  /** True when `responseBody` was cut at the limit (or at the deadline). */
  responseBodyTruncated: boolean;
  /** The endpoint's answer headers (bounded, lower-case names), `null` with no answer. */
  responseHeaders: Record<string, string> | null;
  /** Human reason of a failure: `HTTP 500`, `timeout after 10000 ms`, `connection refused`, …; `null` on success. */
  error: string | null;
  /** Programmatic reason of a failure; `null` on success. */
  errorCode: TransportErrorCode | null;
}

/** A failure that got no answer (nothing sent, a timeout, a failed connection): only its reason and duration. */
export function noAnswerResult(
  error: string,
  errorCode: TransportErrorCode,
  durationMs = 0,
): TransportResult {
  return {
    ok: false,
    httpStatus: null,
    durationMs,
    responseBody: null,
    responseBodyTruncated: false,
    responseHeaders: null,
    error,
    errorCode,
  };
}
