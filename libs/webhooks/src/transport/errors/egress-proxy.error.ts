/**
 * Raised while opening a tunnel through the egress proxy: the proxy could not be reached, answered
 * `CONNECT` with a status outside 2xx, closed the connection before answering, or did not answer in
 * time. The transport records it as a failed attempt (`errorCode: 'proxy'`), never a thrown error.
 * The message names neither the proxy's address nor its credentials: attempts are shown to
 * subscribers, and the proxy is the operator's.
 */
export class EgressProxyError extends Error {
  /** Node-style code, so socket error handling can recognise it. */
  readonly code = 'ERR_WEBHOOK_EGRESS_PROXY';

  constructor(
    message: string,
    /** The proxy's answer to `CONNECT`, when it answered. */
    readonly proxyStatus: number | null = null,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'EgressProxyError';
  }
}
