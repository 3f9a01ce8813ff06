import type { IncomingHttpHeaders } from 'node:http';

/** Most bytes of response headers an attempt record keeps (names and values together). */
export const MAX_RECORDED_HEADER_BYTES = 4096;

/**
 * An endpoint's answer headers as one flat record, lower-case names, repeated ones joined with `, `,
 * cut at {@link MAX_RECORDED_HEADER_BYTES}: the log must stay small whatever an endpoint sends.
 */
export function recordedResponseHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const recorded: Record<string, string> = {};
  let bytes = 0;
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    const value = Array.isArray(raw) ? raw.join(', ') : String(raw);
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value);
    if (bytes > MAX_RECORDED_HEADER_BYTES) break;
    recorded[name.toLowerCase()] = value;
  }
  return recorded;
}
