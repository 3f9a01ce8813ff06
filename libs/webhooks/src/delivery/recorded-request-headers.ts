import type { TransportRequest } from '../transport/webhook-transport.options.js';

/** What a redacted header's value is recorded as. */
export const REDACTED_HEADER_VALUE = '[redacted]';

/**
 * The request's headers as the attempt record keeps them: signatures and ids as sent, but the value
 * of `authorization` (an OAuth2 bearer token) and of every header the request names as sensitive
 * (custom headers, whose values are secrets) replaced by {@link REDACTED_HEADER_VALUE}. The log is
 * read by operators and the portal's users; a credential there would outlive its rotation.
 */
export function recordedRequestHeaders(
  request: Pick<TransportRequest, 'headers' | 'sensitiveHeaders'>,
): Record<string, string> {
  const sensitive = new Set([
    'authorization',
    ...(request.sensitiveHeaders ?? []).map((n) => n.toLowerCase()),
  ]);
  const recorded: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers))
    recorded[name] = sensitive.has(name.toLowerCase()) ? REDACTED_HEADER_VALUE : value;
  return recorded;
}
