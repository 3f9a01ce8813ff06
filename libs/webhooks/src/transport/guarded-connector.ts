import { isIP } from 'node:net';
import { PassThrough } from 'node:stream';
import type { SecureContextOptions } from 'node:tls';
import { buildConnector } from 'undici';
import { classifyAddress, isAllowedClass } from './address-classifier.js';
import { BlockedAddressError } from './errors/blocked-address.error.js';
import { createGuardedLookup, resolveCheckedAddresses, type HostResolver } from './guarded-lookup.js';
import { openProxyTunnel, type PendingTunnel } from './proxy-tunnel.js';
import type { TunnelsAwaitingProxy } from './tunnels-awaiting-proxy.js';

/** What {@link createGuardedConnector} needs. */
export interface GuardedConnectorOptions {
  resolver: HostResolver;
  allowPrivateAddresses: boolean;
  connectTimeoutMs: number;
  /** Trust (`ca`) and, for mutual TLS, the client certificate and key presented in the handshake. */
  tls?: Pick<SecureContextOptions, 'ca' | 'cert' | 'key'>;
  /**
   * An `http://` proxy every connection tunnels through with `CONNECT` (the egress proxy); its
   * credentials, if any, go as `Proxy-Authorization: Basic`. The proxy's own address is not checked
   * (it is the operator's); the destination is, before the proxy hears of it. @default direct
   */
  proxy?: URL;
  /** Where tunnels waiting for the proxy are counted (the transport's timeout verdict reads it). */
  tunnelsAwaitingProxy?: TunnelsAwaitingProxy;
}

/**
 * undici's own connector, given our checked `lookup` (undici spreads its options into
 * `net.connect`/`tls.connect`, so the socket connects to what the lookup returned). Node never
 * calls `lookup` for a literal IP, so literal hosts are checked here, before any socket exists.
 * With a `proxy`, connections go through {@link tunnellingConnector} instead.
 */
export function createGuardedConnector(options: GuardedConnectorOptions): buildConnector.connector {
  const { allowPrivateAddresses } = options;
  const connect = buildConnector({
    ...options.tls,
    timeout: options.connectTimeoutMs,
    lookup: createGuardedLookup(options.resolver, allowPrivateAddresses),
  });
  if (options.proxy) return tunnellingConnector(options, options.proxy, connect);
  return (connectOptions, callback) => {
    const { hostname } = connectOptions;
    if (isIP(hostname)) {
      const verdict = classifyAddress(hostname);
      if (!isAllowedClass(verdict, allowPrivateAddresses)) {
        callback(new BlockedAddressError(hostname, hostname, verdict), null);
        return;
      }
    }
    // Returning the socket lets undici cancel a connection attempt that is no longer wanted.
    return connect(connectOptions, callback);
  };
}

/**
 * Connections through an HTTP `CONNECT` proxy. Hand-written rather than undici's `ProxyAgent`, which
 * sends `CONNECT name:port` and so lets the proxy resolve the name again: a name that passed our check
 * could then rebind to a private address on the proxy's side. Here the destination is resolved and
 * every address checked FIRST (a refused destination never reaches the proxy), then the proxy is
 * asked for the checked IP. An https origin is wrapped in TLS over the tunnel by undici's own
 * connector (`httpSocket`: `tls.connect({ socket, servername: name, ...tls })`), so SNI, certificate
 * checks, client certificates, session reuse and ALPN are those of a direct connection. undici pools
 * the tunnelled socket like any other, so keep-alive reuses a tunnel.
 */
function tunnellingConnector(
  options: GuardedConnectorOptions,
  proxy: URL,
  connect: buildConnector.connector,
): buildConnector.connector {
  return (connectOptions, callback) => {
    const { hostname, protocol } = connectOptions;
    const port = Number(connectOptions.port) || (protocol === 'https:' ? 443 : 80);
    // The steps below are asynchronous: this stream stands for them, so undici can still cancel an
    // attempt nobody waits for (it destroys what the connector returned).
    const handle = new PassThrough();
    let tunnel: PendingTunnel | null = null;
    handle.once('close', () => tunnel?.cancel(new Error('connection attempt cancelled')));
    const openTunnel = (address: string) => {
      if (handle.destroyed) return;
      const answered = options.tunnelsAwaitingProxy?.start(`${protocol}//${hostname}:${port}`);
      tunnel = openProxyTunnel(
        proxy,
        { address, port, hostname },
        options.connectTimeoutMs,
        (error, socket) => {
          answered?.();
          if (error || !socket) callback(error ?? new Error('no tunnel'), null);
          else if (protocol === 'https:') connect({ ...connectOptions, httpSocket: socket }, callback);
          else callback(null, socket);
        },
      );
    };
    // Continue outside the promise chain: an exception in undici's callback must not become a rejection.
    checkedAddress(hostname, options).then(
      (address) => process.nextTick(openTunnel, address),
      (error: Error) => process.nextTick(() => callback(error, null)),
    );
    return handle;
  };
}

/**
 * The address to ask the proxy for: a literal IP as is, a name's first address in resolver order;
 * in both cases only after every address passed the policy.
 */
async function checkedAddress(hostname: string, options: GuardedConnectorOptions): Promise<string> {
  if (isIP(hostname)) {
    const verdict = classifyAddress(hostname);
    if (!isAllowedClass(verdict, options.allowPrivateAddresses))
      throw new BlockedAddressError(hostname, hostname, verdict);
    return hostname;
  }
  const addresses = await resolveCheckedAddresses(hostname, options.resolver, options.allowPrivateAddresses);
  return addresses[0]!.address;
}
