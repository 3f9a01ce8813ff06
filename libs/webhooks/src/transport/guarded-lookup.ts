import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress, LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { classifyAddress, isAllowedClass } from './address-classifier.js';
import { BlockedAddressError } from './errors/blocked-address.error.js';
import { DnsLookupError } from './errors/dns-lookup.error.js';

/** Resolves a host name to every address it has; injectable so tests can play DNS tricks. */
export type HostResolver = (hostname: string) => Promise<readonly LookupAddress[]>;

/** The system resolver (`getaddrinfo`, so `/etc/hosts` counts), all addresses, in resolver order. */
export const systemResolver: HostResolver = (hostname) =>
  dnsLookup(hostname, { all: true, order: 'verbatim' });

/**
 * Checks every address of a name and returns them only if ALL are allowed: a name with one private
 * address among public ones is refused, since the socket could pick any of them.
 * @throws BlockedAddressError or DnsLookupError.
 */
export async function resolveCheckedAddresses(
  hostname: string,
  resolver: HostResolver,
  allowPrivate: boolean,
): Promise<LookupAddress[]> {
  let addresses: readonly LookupAddress[];
  try {
    addresses = await resolver(hostname);
  } catch (error) {
    throw new DnsLookupError(hostname, (error as NodeJS.ErrnoException).code, { cause: error });
  }
  if (addresses.length === 0) throw new DnsLookupError(hostname, 'ENOTFOUND');
  for (const { address } of addresses) {
    const verdict = classifyAddress(address);
    if (!isAllowedClass(verdict, allowPrivate)) throw new BlockedAddressError(hostname, address, verdict);
  }
  return addresses.map(({ address, family }) => ({ address, family }));
}

/**
 * A `lookup` for `net.connect`/`tls.connect` that resolves with `resolver`, refuses blocked
 * addresses, and hands the socket only the addresses it checked. Because the check and the
 * connection use the same answer, a DNS rebinding (public at validation, private at connect) cannot
 * slip through; the host name itself stays on the request, so SNI, certificate checks and the
 * `Host` header are unchanged.
 */
export function createGuardedLookup(resolver: HostResolver, allowPrivate: boolean): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    resolveCheckedAddresses(hostname, resolver, allowPrivate).then(
      (addresses) => {
        const wanted =
          options.family === 4 || options.family === 6
            ? addresses.filter((a) => a.family === options.family)
            : addresses;
        // Answer outside the promise chain: an exception in the socket's callback must not become a rejection.
        process.nextTick(() => {
          if (wanted.length === 0) callback(new DnsLookupError(hostname, 'ENOTFOUND'), '', 0);
          else if (options.all) callback(null, wanted);
          else callback(null, wanted[0]!.address, wanted[0]!.family);
        });
      },
      (error: Error) => process.nextTick(() => callback(error as NodeJS.ErrnoException, '', 0)),
    );
  };
}
