import { isIP } from 'node:net';
import type { SecureContextOptions } from 'node:tls';
import { buildConnector } from 'undici';
import { classifyAddress, isAllowedClass } from './address-classifier.js';
import { BlockedAddressError } from './errors/blocked-address.error.js';
import { createGuardedLookup, type HostResolver } from './guarded-lookup.js';

/** What {@link createGuardedConnector} needs. */
export interface GuardedConnectorOptions {
  resolver: HostResolver;
  allowPrivateAddresses: boolean;
  connectTimeoutMs: number;
  /** Trust (`ca`) and, for mutual TLS, the client certificate and key presented in the handshake. */
  tls?: Pick<SecureContextOptions, 'ca' | 'cert' | 'key'>;
}

/**
 * undici's own connector, given our checked `lookup` (undici spreads its options into
 * `net.connect`/`tls.connect`, so the socket connects to what the lookup returned). Node never
 * calls `lookup` for a literal IP, so literal hosts are checked here, before any socket exists.
 */
export function createGuardedConnector(options: GuardedConnectorOptions): buildConnector.connector {
  const { allowPrivateAddresses } = options;
  const connect = buildConnector({
    ...options.tls,
    timeout: options.connectTimeoutMs,
    lookup: createGuardedLookup(options.resolver, allowPrivateAddresses),
  });
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
