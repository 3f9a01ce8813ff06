import type { SecureContextOptions } from 'node:tls';
import type { StoredSecret } from '../interfaces/subscription.interface.js';
import type { ClientTlsMaterial } from './client-tls-material.js';
import type { HostResolver } from './guarded-lookup.js';

/** Settings of {@link WebhookTransport}, fully resolved (see {@link DEFAULT_TRANSPORT_OPTIONS}). */
export interface WebhookTransportOptions {
  /** Deadline of one attempt, connect to response headers (and the body read). @default 10000 */
  timeoutMs: number;
  /** How much of an answer is read and kept; the rest is not downloaded. @default 4096 */
  maxResponseBodyBytes: number;
  /** Allow plain http and loopback/private/CGNAT addresses (never link-local or cloud metadata). @default false */
  allowPrivateAddresses: boolean;
  /** Keep-alive connections kept per origin. @default 10 */
  connectionsPerOrigin: number;
  /** Sent when the request's own headers carry no `User-Agent`. @default none */
  userAgent?: string;
  /** How long an idle keep-alive connection is kept (the server's `Keep-Alive` hint wins when shorter). @default 4000 */
  keepAliveTimeoutMs?: number;
  /** Name resolution; every answer is checked before a socket may use it. @default the system resolver */
  resolver?: HostResolver;
  /** Extra TLS trust (private CAs, tests). @default Node's bundled roots */
  tls?: Pick<SecureContextOptions, 'ca'>;
  /**
   * The egress proxy: every connection is a `CONNECT` tunnel through this `http://` proxy, asked for
   * the destination's checked address (never its name). @default none: direct connections
   */
  proxy?: URL;
}

/** Defaults of the required {@link WebhookTransportOptions}, for whoever resolves options. */
export const DEFAULT_TRANSPORT_OPTIONS = {
  timeoutMs: 10_000,
  maxResponseBodyBytes: 4096,
  allowPrivateAddresses: false,
  connectionsPerOrigin: 10,
} as const satisfies WebhookTransportOptions;

/** One delivery request. */
export interface TransportRequest {
  url: string;
  /** The exact body (it was signed as is). */
  body: string;
  headers: Record<string, string>;
  /**
   * Header names whose values are secrets (custom headers): the attempt record keeps them as
   * `[redacted]`; `authorization` always is.
   */
  sensitiveHeaders?: readonly string[];
  /** Overrides the transport's deadline for this call (per-subscription timeouts). */
  timeoutMs?: number;
  /** Abandons the attempt (e.g. at shutdown); it is then reported with `errorCode: 'aborted'`. */
  signal?: AbortSignal;
  /** The subscription's client certificate, presented in the TLS handshake (mutual TLS). */
  clientTls?: ClientTlsMaterial;
}

/**
 * Whom a request is for: the network transport ignores it; the test kit's capturing transport
 * (`@org/webhooks/testing`) records it beside the request and verifies the signature with `secrets`.
 */
export interface TransportTarget {
  subscriptionId: string;
  eventId: string;
  eventType: string;
  attempt: number;
  /** The attempt's `whd_` id; `null` for a test delivery (ping), recorded after it is sent. */
  deliveryId: string | null;
  /** The subscription's stored (encrypted) secrets as the request was signed with them. */
  secrets: readonly StoredSecret[];
}
