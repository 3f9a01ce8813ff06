import { Agent } from 'undici';
import { ClientCertificateAgents } from './client-certificate.agents.js';
import type { ClientTlsMaterial } from './client-tls-material.js';
import { createGuardedConnector } from './guarded-connector.js';
import { resolveCheckedAddresses, systemResolver } from './guarded-lookup.js';
import { parseIp } from './ip-address.js';
import { readLimitedBody } from './response-body.js';
import { recordedResponseHeaders } from './response-headers.js';
import { describeTransportFailure, type TransportFailure } from './transport-failure.js';
import { TunnelsAwaitingProxy } from './tunnels-awaiting-proxy.js';
import type { TransportResult } from './transport-result.js';
import type {
  TransportRequest,
  TransportTarget,
  WebhookTransportOptions,
} from './webhook-transport.options.js';
import { validateWebhookUrl, type WebhookUrlCheck } from './webhook-url.validator.js';

/**
 * The least of a token endpoint's answer that {@link WebhookTransport.requestToken} reads: access
 * tokens that are JWTs with many claims outgrow the 4 KiB kept of an endpoint's answer.
 */
export const TOKEN_RESPONSE_MIN_BYTES = 16_384;

/**
 * What an answer's status makes of an attempt: success only on a 2xx; a 3xx is never followed
 * (`redirect not followed (302 → …)`); any other status fails as `HTTP <status>`.
 */
export function statusVerdict(
  status: number,
  location?: string,
): Pick<TransportResult, 'ok' | 'error' | 'errorCode'> {
  if (status >= 200 && status < 300) return { ok: true, error: null, errorCode: null };
  if (status >= 300 && status < 400) {
    const target = location ? ` → ${location}` : '';
    return { ok: false, errorCode: 'redirect', error: `redirect not followed (${status}${target})` };
  }
  return { ok: false, errorCode: 'http_status', error: `HTTP ${status}` };
}

/**
 * The HTTP client of deliveries: POSTs a signed body over pooled keep-alive connections and reports
 * what happened as a {@link TransportResult}. It never throws for anything the endpoint or the
 * network does.
 *
 * Safety (DESIGN.md "Safety"): every connection goes through a connector that refuses literal IPs
 * and resolved addresses outside the policy, and connects only to the addresses it checked, so DNS
 * rebinding cannot bypass it. Redirects are reported, never followed. Responses are read up to a
 * limit. No proxy from the environment is used; the `proxy` option tunnels every connection through
 * an egress proxy, after the same checks.
 *
 * Not a Nest provider by itself: the module builds it from resolved options with a factory and
 * calls {@link close} at shutdown.
 */
export class WebhookTransport {
  private readonly agent: Agent;
  private readonly tunnelsAwaitingProxy = new TunnelsAwaitingProxy();
  /** Deliveries presenting a client certificate use a pool of their own (mutual TLS). */
  private readonly clientCertificateAgents = new ClientCertificateAgents((material) =>
    this.createAgent(material),
  );

  constructor(protected readonly options: WebhookTransportOptions) {
    for (const key of ['timeoutMs', 'maxResponseBodyBytes', 'connectionsPerOrigin'] as const) {
      const value = options[key];
      if (!Number.isSafeInteger(value) || value < (key === 'maxResponseBodyBytes' ? 0 : 1)) {
        throw new TypeError(`WebhookTransport option ${key} must be a positive integer, got ${value}.`);
      }
    }
    this.agent = this.createAgent(null);
  }

  /**
   * A pool whose connections go through the guarded connector; with a client certificate, its
   * handshakes present it (and verify the endpoint against its `ca` when given).
   */
  private createAgent(clientTls: ClientTlsMaterial | null): Agent {
    const { options } = this;
    const tls = clientTls
      ? { ca: clientTls.ca ?? options.tls?.ca, cert: clientTls.cert, key: clientTls.key }
      : options.tls;
    return new Agent({
      connections: options.connectionsPerOrigin,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 4_000,
      allowH2: false,
      connect: createGuardedConnector({
        resolver: options.resolver ?? systemResolver,
        allowPrivateAddresses: options.allowPrivateAddresses,
        connectTimeoutMs: options.timeoutMs,
        tls,
        proxy: options.proxy,
        tunnelsAwaitingProxy: this.tunnelsAwaitingProxy,
      }),
    });
  }

  /**
   * Sends one attempt. Resolves with the outcome in every case: success is a 2xx; a 3xx is a failure
   * (`redirect not followed (302 → …)`); so are other statuses (`HTTP 500`), timeouts, refused or
   * reset connections, DNS failures and blocked addresses. Once the status has arrived, the outcome
   * is decided by it; a body still arriving at the deadline is cut there. The target (whom the
   * request is for) is not used here; a test transport that extends this one records it.
   */
  async send(request: TransportRequest, _target?: TransportTarget): Promise<TransportResult> {
    return this.post(request, this.options.maxResponseBodyBytes);
  }

  /**
   * POSTs an OAuth2 token request (client credentials grant) exactly as {@link send} POSTs a delivery:
   * through the same SSRF-guarded connections, deadline and no redirects, so whatever guards
   * deliveries (an egress proxy in the connector included) guards the token URL too. The answer is
   * read up to {@link TOKEN_RESPONSE_MIN_BYTES} at least: a cut token answer is useless, where a cut
   * endpoint answer still serves the log.
   */
  async requestToken(request: TransportRequest): Promise<TransportResult> {
    return this.post(request, Math.max(this.options.maxResponseBodyBytes, TOKEN_RESPONSE_MIN_BYTES));
  }

  private async post(request: TransportRequest, maxResponseBodyBytes: number): Promise<TransportResult> {
    const startedAt = performance.now();
    const elapsed = () => Math.round(performance.now() - startedAt);
    const fail = (failure: TransportFailure, httpStatus: number | null = null): TransportResult => ({
      ok: false,
      httpStatus,
      durationMs: elapsed(),
      responseBody: null,
      responseBodyTruncated: false,
      responseHeaders: null,
      ...failure,
    });

    const url = this.parseUrl(request.url);
    if (typeof url === 'string') return fail({ error: `invalid URL: ${url}`, errorCode: 'invalid_url' });
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs;
    const deadline = new AbortController();
    const agent = request.clientTls ? this.clientCertificateAgents.agentFor(request.clientTls) : this.agent;
    // Read when the deadline fires, before the abort cancels the tunnel that is still waiting.
    let stuckAtProxy = false;
    const timer = setTimeout(() => {
      stuckAtProxy = this.waitsForProxy(url, agent);
      deadline.abort(new Error(`timeout after ${timeoutMs} ms`));
    }, timeoutMs);
    const signal = request.signal ? AbortSignal.any([deadline.signal, request.signal]) : deadline.signal;
    try {
      const response = await agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: this.withUserAgent(request.headers),
        body: request.body,
        signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const { text, truncated } = await readLimitedBody(response.body, maxResponseBodyBytes);
      const status = response.statusCode;
      const outcome = {
        httpStatus: status,
        durationMs: elapsed(),
        responseBody: text,
        responseBodyTruncated: truncated,
        responseHeaders: recordedResponseHeaders(response.headers),
      };
      const location = response.headers['location'];
      return { ...outcome, ...statusVerdict(status, Array.isArray(location) ? location[0] : location) };
    } catch (error) {
      if (deadline.signal.aborted && stuckAtProxy)
        return fail({ error: `egress proxy: no tunnel within ${timeoutMs} ms`, errorCode: 'proxy' });
      if (deadline.signal.aborted)
        return fail({ error: `timeout after ${timeoutMs} ms`, errorCode: 'timeout' });
      if (request.signal?.aborted) return fail({ error: 'aborted', errorCode: 'aborted' });
      return fail(
        describeTransportFailure(error, {
          hostname: url.hostname,
          timeoutMs,
          connectTimeoutMs: this.options.timeoutMs,
          https: url.protocol === 'https:',
          // Only a handshake that presented our certificate can have been refused for it.
          clientCertificate: request.clientTls !== undefined,
        }),
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * An advisory check for create/update/ping time: the static URL rules, then a DNS lookup whose
   * every address must pass the policy. It proves nothing about later sends (DNS can change), which
   * is why {@link send} checks again at connect time.
   */
  async checkDestination(rawUrl: string): Promise<WebhookUrlCheck> {
    const allowPrivateAddresses = this.options.allowPrivateAddresses;
    const check = validateWebhookUrl(rawUrl, { allowPrivateAddresses });
    if (!check.ok) return check;
    const hostname = new URL(rawUrl).hostname;
    if (parseIp(hostname)) return check;
    try {
      await resolveCheckedAddresses(hostname, this.options.resolver ?? systemResolver, allowPrivateAddresses);
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: (error as Error).message };
    }
  }

  /** Closes every pooled connection at once; in-flight sends resolve as failures. */
  async close(): Promise<void> {
    await Promise.all([this.agent.destroy(), this.clientCertificateAgents.destroy()]);
  }

  /**
   * True when nothing is connected to the URL's origin and a tunnel to it still waits for the egress
   * proxy: an attempt timing out then never got past the proxy.
   */
  private waitsForProxy(url: URL, agent: Agent): boolean {
    if (!this.options.proxy) return false;
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    const key = `${url.protocol}//${url.hostname.replace(/^\[(.*)\]$/, '$1')}:${port}`;
    const connected = agent.stats[url.origin]?.connected ?? 0;
    return connected === 0 && this.tunnelsAwaitingProxy.has(key);
  }

  /** A readable reason for what this transport refuses to even try, or the parsed URL. */
  private parseUrl(raw: string): URL | string {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return 'not an absolute URL';
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      return `scheme ${url.protocol} is not supported`;
    if (url.protocol === 'http:' && !this.options.allowPrivateAddresses)
      return 'plain http is not allowed, use https';
    if (url.username || url.password) return 'credentials in the URL are not allowed';
    return url;
  }

  private withUserAgent(headers: Record<string, string>): Record<string, string> {
    const { userAgent } = this.options;
    if (!userAgent || Object.keys(headers).some((name) => name.toLowerCase() === 'user-agent'))
      return headers;
    return { ...headers, 'User-Agent': userAgent };
  }
}
