import { destinationNotAllowedMessage } from '../webhooks.messages.js';
import type { TransportErrorCode, TransportResult } from './transport-result.js';

/**
 * What API callers read for an attempt that could not or may not connect: a host name that does not
 * resolve, or resolves to an address the SSRF policy refuses. One sentence for both, so a tenant
 * cannot tell them apart.
 */
export const DESTINATION_NOT_ALLOWED = destinationNotAllowedMessage();

/** The error class recorded and shown with {@link DESTINATION_NOT_ALLOWED}, for code and counts. */
export const DESTINATION_NOT_ALLOWED_CLASS = 'destination_not_allowed' satisfies TransportErrorCode;

/**
 * The transport's classes that {@link toPublicFailure} folds into {@link DESTINATION_NOT_ALLOWED_CLASS}:
 * their own sentences name the host and the resolver's code, or the address the host resolved to and
 * its class, and the difference between them tells which internal names exist.
 */
const UNDISCLOSED_CLASSES: ReadonlySet<string> = new Set<TransportErrorCode>(['dns', 'blocked_address']);

const undisclosed = (errorClass: string | null): boolean =>
  errorClass !== null && UNDISCLOSED_CLASSES.has(errorClass);

/**
 * An attempt record's failure as API callers may see it: applied when reading attempts recorded before
 * `dns` and `blocked_address` were folded into {@link DESTINATION_NOT_ALLOWED_CLASS}, so those do not
 * disclose either.
 */
export function toPublicFailure<T extends { error: string | null; errorClass: string | null }>(record: T): T {
  return undisclosed(record.errorClass)
    ? { ...record, error: DESTINATION_NOT_ALLOWED, errorClass: DESTINATION_NOT_ALLOWED_CLASS }
    : record;
}

/**
 * The result as API callers may see it (ping answers, the recorded attempt, so the delivery log and
 * the portal): a destination that does not resolve or resolves to a refused address is
 * {@link DESTINATION_NOT_ALLOWED} with class {@link DESTINATION_NOT_ALLOWED_CLASS}; anything else is
 * unchanged. The transport's own sentence is for operators: callers log it where it differs.
 */
export function toPublicResult(result: TransportResult): TransportResult {
  return undisclosed(result.errorCode)
    ? { ...result, error: DESTINATION_NOT_ALLOWED, errorCode: DESTINATION_NOT_ALLOWED_CLASS }
    : result;
}
