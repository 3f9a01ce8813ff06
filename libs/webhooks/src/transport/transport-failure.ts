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

type ErrorLike = {
  message: string;
  code?: string;
  cause?: unknown;
  errors?: unknown;
  socket?: { bytesRead?: number };
};

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

/** TLS alerts an endpoint sends when it demands a client certificate or refuses ours. */
const CLIENT_CERTIFICATE_REFUSED =
  /ALERT_(UNKNOWN_CA|BAD_CERTIFICATE|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|CERTIFICATE_REVOKED|CERTIFICATE_EXPIRED|ACCESS_DENIED|DECRYPT_ERROR)/;

const CLOSED_AFTER_HANDSHAKE =
  'TLS error: the endpoint closed the connection right after the handshake without answering: it requires a client certificate, or refused ours';

/** The same close when no certificate was presented: an endpoint demanding one, or one that hung up. */
const CLOSED_AFTER_HANDSHAKE_WITHOUT_CERTIFICATE =
  'connection closed right after the TLS handshake, before any answer: the endpoint may require a client certificate (mutual TLS)';

/**
 * Under TLS 1.3 a server checks the client certificate after the client has finished its side of the
 * handshake, so a refusal (alert `certificate_required`, `unknown_ca`, …) reaches a client that is
 * already sending the request, and undici reports only "other side closed" with nothing read. That
 * pattern on an HTTPS connection that presented our certificate is how a mutual-TLS refusal looks
 * from here, and is named so (`tls`). Without a certificate it stays `connection_reset` (an endpoint
 * that hangs up looks the same), with the likely cause in its words.
 */
function closedRightAfterHandshake(message: string, first: ErrorLike | undefined): boolean {
  return message === 'other side closed' && first?.socket?.bytesRead === 0;
}

/**
 * The reason of a handshake failure, in words an operator acts on: the endpoint's alerts about
 * client certificates (mutual TLS) say which side must change; others keep OpenSSL's message.
 */
function tlsFailureMessage(code: string, message: string): string {
  if (code.includes('CERTIFICATE_REQUIRED'))
    return `TLS error: the endpoint requires a client certificate (${message})`;
  if (CLIENT_CERTIFICATE_REFUSED.test(code))
    return `TLS error: the endpoint refused our client certificate (${message})`;
  return `TLS error: ${message}`;
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
    https = false,
    clientCertificate = false,
  }: {
    hostname: string;
    timeoutMs: number;
    connectTimeoutMs: number;
    https?: boolean;
    /** Whether the handshake presented our client certificate (mutual TLS). */
    clientCertificate?: boolean;
  },
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
      case 'UND_ERR_SOCKET':
        if (https && closedRightAfterHandshake(message, chain[0]))
          return clientCertificate
            ? { error: CLOSED_AFTER_HANDSHAKE, errorCode: 'tls' }
            : { error: CLOSED_AFTER_HANDSHAKE_WITHOUT_CERTIFICATE, errorCode: 'connection_reset' };
        return {
          error: `connection closed before a complete answer (${message})`,
          errorCode: 'connection_reset',
        };
      case 'ECONNRESET':
      case 'EPIPE':
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
    if (code && TLS_CODES.test(code)) return { error: tlsFailureMessage(code, message), errorCode: 'tls' };
  }
  const first = chain[0];
  return { error: `network error: ${first ? first.message : String(error)}`, errorCode: 'network' };
}
