/** The host name of a delivery URL could not be resolved (or resolved to nothing). */
export class DnsLookupError extends Error {
  /** Node-style code, so socket error handling can recognise it. */
  readonly code = 'ERR_WEBHOOK_DNS_LOOKUP';

  constructor(
    readonly hostname: string,
    /** The resolver's own code, e.g. `ENOTFOUND`, `EAI_AGAIN`. */
    readonly resolverCode: string | undefined,
    options?: ErrorOptions,
  ) {
    super(`DNS lookup failed for ${hostname}${resolverCode ? ` (${resolverCode})` : ''}`, options);
    this.name = 'DnsLookupError';
  }
}
