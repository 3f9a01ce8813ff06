import { BlockedAddressError } from './errors/blocked-address.error.js';
import { DnsLookupError } from './errors/dns-lookup.error.js';
import { EgressProxyError } from './errors/egress-proxy.error.js';
import type { TransportErrorCode } from './transport-result.js';

/** A failure reason in both forms. */
export interface TransportFailure {
  error: string;
  errorCode: TransportErrorCode;
}

const TLS_CODES =
  /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|HOSTNAME_MISMATCH)/;

type ErrorLike = { message: string; code?: string; cause?: unknown; errors?: unknown };

/**
 * Every error in a chain of `cause`s and `AggregateError`s (autoSelectFamily fails with one per
 * address). Duck-typed, not `instanceof Error`: socket errors may come from another realm (a VM
 * context under Jest), where that check is false.
 */
function* errorChain(error: unknown, depth = 0): Generator<ErrorLike> {
  if (
    typeof error !== 'object' ||
    error === null ||
    typeof (error as ErrorLike).message !== 'string' ||
    depth > 5
  )
    return;
  const current = error as ErrorLike;
  yield current;
  if (Array.isArray(current.errors)) for (const inner of current.errors) yield* errorChain(inner, depth + 1);
  if (current.cause) yield* errorChain(current.cause, depth + 1);
}

/**
 * Turns whatever undici or the socket threw into a recorded reason. Our own policy errors win over
 * generic ones, then the first error with a recognised code.
 */
export function describeTransportFailure(
  error: unknown,
  {
    hostname,
    timeoutMs,
    connectTimeoutMs,
  }: { hostname: string; timeoutMs: number; connectTimeoutMs: number },
): TransportFailure {
  const chain = [...errorChain(error)];
  const policy = chain.find(
    (e) => e instanceof BlockedAddressError || e instanceof DnsLookupError || e instanceof EgressProxyError,
  );
  if (policy instanceof BlockedAddressError) return { error: policy.message, errorCode: 'blocked_address' };
  if (policy instanceof DnsLookupError) return { error: policy.message, errorCode: 'dns' };
  if (policy instanceof EgressProxyError) return { error: policy.message, errorCode: 'proxy' };
  for (const { code, message } of chain) {
    switch (code) {
      case 'ECONNREFUSED':
        return { error: 'connection refused', errorCode: 'connection_refused' };
      case 'ECONNRESET':
      case 'EPIPE':
      case 'UND_ERR_SOCKET':
        return {
          error: `connection closed before a complete answer (${message})`,
          errorCode: 'connection_reset',
        };
      case 'UND_ERR_HEADERS_TIMEOUT':
      case 'UND_ERR_BODY_TIMEOUT':
        return { error: `timeout after ${timeoutMs} ms`, errorCode: 'timeout' };
      case 'UND_ERR_CONNECT_TIMEOUT':
      case 'ETIMEDOUT':
        return { error: `connect timeout after ${connectTimeoutMs} ms`, errorCode: 'timeout' };
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
      case 'EADDRNOTAVAIL':
        return { error: `host unreachable (${code})`, errorCode: 'unreachable' };
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return { error: `DNS lookup failed for ${hostname} (${code})`, errorCode: 'dns' };
    }
    if (code && TLS_CODES.test(code)) return { error: `TLS error: ${message}`, errorCode: 'tls' };
  }
  const first = chain[0];
  return { error: `network error: ${first ? first.message : String(error)}`, errorCode: 'network' };
}
