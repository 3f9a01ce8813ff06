import type { TransportResult } from './transport-result.js';

/** What API callers read for an attempt the SSRF policy refused. */
export const DESTINATION_NOT_ALLOWED = 'destination not allowed';

/**
 * The result as API callers may see it (ping answers, the delivery log): a refused destination says
 * only {@link DESTINATION_NOT_ALLOWED}. The transport's own sentence names the address a host name
 * resolved to and its class, which would map the installation's internal DNS for whoever can
 * create subscriptions.
 */
export function toPublicResult(result: TransportResult): TransportResult {
  return result.errorCode === 'blocked_address' ? { ...result, error: DESTINATION_NOT_ALLOWED } : result;
}
