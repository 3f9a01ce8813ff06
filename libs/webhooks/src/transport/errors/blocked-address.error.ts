import type { AddressClass } from '../address-classifier.js';

/**
 * Raised at connect time when a host is, or resolves to, an address the SSRF policy refuses. The
 * transport turns it into a failed attempt (`errorCode: 'blocked_address'`), never a thrown error.
 */
export class BlockedAddressError extends Error {
  /** Node-style code, so socket error handling can recognise it. */
  readonly code = 'ERR_WEBHOOK_BLOCKED_ADDRESS';

  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly addressClass: AddressClass,
  ) {
    super(
      hostname === address
        ? `blocked address ${address} (${addressClass})`
        : `blocked address ${address} (${addressClass}) for ${hostname}`,
    );
    this.name = 'BlockedAddressError';
  }
}
