import { request } from 'node:http';
import type { Socket } from 'node:net';
import { EgressProxyError } from './errors/egress-proxy.error.js';

/** Where a tunnel goes: the checked address, and the name the request is for (the `Host` of `CONNECT`). */
export interface TunnelTarget {
  address: string;
  port: number;
  hostname: string;
}

/** A tunnel being opened; `cancel` drops it (and its connection to the proxy) when nobody waits any more. */
export interface PendingTunnel {
  cancel(reason: Error): void;
}

/** `host:port`, with the brackets an IPv6 address needs there. */
export function authority(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The `Proxy-Authorization: Basic` value of a proxy URL with credentials, else `undefined`. */
export function proxyAuthorization(proxy: URL): string | undefined {
  if (!proxy.username && !proxy.password) return undefined;
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
}

/**
 * Asks an HTTP proxy for a tunnel (`CONNECT address:port`, `Host: name:port`) and hands over the raw
 * socket once it answers 2xx. The request is Node's own HTTP client (its `'connect'` event parses the
 * proxy's answer); the proxy is never asked to resolve a name, so the address the SSRF guard checked
 * is the one the proxy dials. Every failure is an {@link EgressProxyError} without the proxy's address
 * or credentials; `timeoutMs` bounds reaching the proxy and its answer.
 */
export function openProxyTunnel(
  proxy: URL,
  target: TunnelTarget,
  timeoutMs: number,
  callback: (error: Error | null, socket: Socket | null) => void,
): PendingTunnel {
  const path = authority(target.address, target.port);
  const authorization = proxyAuthorization(proxy);
  const connectRequest = request({
    host: proxy.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(proxy.port || 80),
    method: 'CONNECT',
    path,
    setHost: false,
    agent: false,
    headers: {
      Host: authority(target.hostname, target.port),
      ...(authorization ? { 'Proxy-Authorization': authorization } : {}),
    },
  });
  let settled = false;
  const finish = (error: Error | null, socket: Socket | null = null) => {
    if (settled) {
      socket?.destroy();
      return;
    }
    settled = true;
    clearTimeout(timer);
    callback(error, socket);
  };
  const timer = setTimeout(
    () =>
      connectRequest.destroy(
        new EgressProxyError(`egress proxy: no tunnel within ${timeoutMs} ms (CONNECT ${path})`),
      ),
    timeoutMs,
  );
  connectRequest.on('connect', (answer, socket, head) => {
    const status = answer.statusCode ?? 0;
    if (status < 200 || status >= 300) {
      socket.destroy();
      const reason = answer.statusMessage ? ` ${answer.statusMessage}` : '';
      finish(new EgressProxyError(`egress proxy answered ${status}${reason} to CONNECT ${path}`, status));
      return;
    }
    // Bytes the endpoint sent right behind the proxy's answer belong to the tunnel.
    if (head.length > 0) socket.unshift(head);
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 60_000);
    finish(null, socket);
  });
  connectRequest.on('error', (error: NodeJS.ErrnoException) => finish(asProxyError(error, path)));
  connectRequest.on('close', () =>
    finish(new EgressProxyError(`egress proxy closed the connection before answering CONNECT ${path}`)),
  );
  connectRequest.end();
  return { cancel: (reason) => connectRequest.destroy(reason) };
}

function asProxyError(error: NodeJS.ErrnoException, path: string): Error {
  if (error instanceof EgressProxyError) return error;
  if (error.code === 'ECONNRESET' || error.code === 'EPIPE')
    return new EgressProxyError(`egress proxy closed the connection before answering CONNECT ${path}`, null, {
      cause: error,
    });
  // Node's message names the proxy's address ("connect ECONNREFUSED 10.0.0.5:3128"): the sentence keeps the code.
  return new EgressProxyError(`egress proxy unreachable (${error.code ?? 'no code'})`, null, {
    cause: error,
  });
}
