// What every delivery carries, and HTTP's own framing: the rest of a request's headers are the ones
// a subscription added (`headers`), which the receiver shows so a reader sees them arrive.
const DELIVERY_AND_FRAMING = new Set([
  'host',
  'connection',
  'keep-alive',
  'content-type',
  'content-length',
  'transfer-encoding',
  'expect',
  'accept',
  'accept-encoding',
  'user-agent',
  'authorization',
  'traceparent',
  'tracestate',
]);

/**
 * The headers of a request other than the delivery's own (signature, `webhook-*`, `x-webhook-*`,
 * `authorization`, …) and HTTP's framing, named as sent: the custom headers of a subscription.
 * @param rawHeaders Node's `req.rawHeaders` (name, value, name, value, …, in the sender's case).
 * @param signatureHeader The `t=…,v1=…` header's name, which is a delivery header too.
 */
export function customHeadersOf(
  rawHeaders: readonly string[],
  signatureHeader: string,
): Record<string, string> {
  const custom: Record<string, string> = {};
  for (let at = 0; at + 1 < rawHeaders.length; at += 2) {
    const name = rawHeaders[at];
    const lower = name.toLowerCase();
    const ours =
      DELIVERY_AND_FRAMING.has(lower) ||
      lower === signatureHeader.toLowerCase() ||
      lower.startsWith('webhook-') ||
      lower.startsWith('x-webhook-');
    if (!ours) custom[name] = rawHeaders[at + 1];
  }
  return custom;
}
