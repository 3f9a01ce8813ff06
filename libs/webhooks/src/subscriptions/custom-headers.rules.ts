import type { ApiErrorDetail } from '@org/common';
import { DeliveryHeaderNames } from '../signing/delivery-headers.js';
import {
  headerAuthorizationWithOAuth2Message,
  headerNameInvalidMessage,
  headerNameRepeatedMessage,
  headerNameReservedMessage,
  headersNotObjectMessage,
  headersTooLargeMessage,
  headerValueInvalidMessage,
  headerValueNotStringMessage,
} from './endpoint-credentials.messages.js';

/** Custom headers one subscription may carry. */
export const MAX_CUSTOM_HEADERS = 20;
/** Bytes of custom header names and values together, per subscription. */
export const MAX_CUSTOM_HEADER_BYTES = 4096;
/** Characters of one custom header name. */
export const MAX_CUSTOM_HEADER_NAME_LENGTH = 100;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Visible ASCII, space and horizontal tab: RFC 9110 field content without obs-text. */
const FIELD_VALUE = /^[\t\x20-\x7E]*$/;

/** HTTP's framing and hop-by-hop headers (RFC 9110 §7.6.1) and what a proxy or the client owns. */
const FRAMING_AND_HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'content-type',
  'expect',
];

/** Trace context the delivery's span sets (W3C). */
const TRACE_CONTEXT = ['traceparent', 'tracestate'];

/** What decides which names a subscription may not set. */
export interface CustomHeaderRules {
  /** The module's signature header name (`signatureHeader`). */
  signatureHeader: string;
  /** The subscription sends an OAuth2 bearer token, which owns `authorization`. */
  oauth2?: boolean;
}

/**
 * Why a custom header name may not be set, or `null`: the delivery's own headers (the signature
 * header, `webhook-*` and `x-webhook-*`, trace context) and HTTP's framing ones. `User-Agent` may be
 * set: an endpoint may demand its own.
 */
function reservedName(lower: string, rules: CustomHeaderRules): string | null {
  if (lower === rules.signatureHeader.toLowerCase()) return headerNameReservedMessage(lower);
  if (lower.startsWith('webhook-') || lower.startsWith('x-webhook-')) return headerNameReservedMessage(lower);
  if (lower.startsWith('proxy-')) return headerNameReservedMessage(lower);
  if (FRAMING_AND_HOP_BY_HOP.includes(lower) || TRACE_CONTEXT.includes(lower))
    return headerNameReservedMessage(lower);
  if (lower === 'authorization' && rules.oauth2) return headerAuthorizationWithOAuth2Message();
  return null;
}

/** The delivery's own header names in lower case (for the builder, which lets none of them be replaced). */
export function isOwnDeliveryHeader(lower: string, signatureHeader: string): boolean {
  return (
    lower === signatureHeader.toLowerCase() ||
    Object.values(DeliveryHeaderNames).some((name) => name.toLowerCase() === lower)
  );
}

/**
 * Every problem with a subscription's `headers`, each named `headers.<name>` (or `headers` for the
 * whole): token names at most 100 characters and unique in any case, values of visible ASCII, at most
 * 20 headers and 4,096 bytes, none of the names the delivery or HTTP owns.
 */
export function customHeaderProblems(headers: unknown, rules: CustomHeaderRules): ApiErrorDetail[] {
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers))
    return [{ field: 'headers', message: headersNotObjectMessage() }];
  const details: ApiErrorDetail[] = [];
  const seen = new Map<string, string>();
  let bytes = 0;
  const entries = Object.entries(headers as Record<string, unknown>);
  for (const [name, value] of entries) {
    const field = `headers.${name}`;
    const lower = name.toLowerCase();
    bytes += Buffer.byteLength(name) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
    if (name.length > MAX_CUSTOM_HEADER_NAME_LENGTH || !TOKEN.test(name)) {
      details.push({ field, message: headerNameInvalidMessage(MAX_CUSTOM_HEADER_NAME_LENGTH) });
    } else if (seen.has(lower)) {
      details.push({ field, message: headerNameRepeatedMessage(seen.get(lower)!) });
    } else {
      const reserved = reservedName(lower, rules);
      if (reserved) details.push({ field, message: reserved });
    }
    seen.set(lower, seen.get(lower) ?? name);
    if (typeof value !== 'string') details.push({ field, message: headerValueNotStringMessage() });
    else if (!FIELD_VALUE.test(value)) details.push({ field, message: headerValueInvalidMessage() });
  }
  if (entries.length > MAX_CUSTOM_HEADERS || bytes > MAX_CUSTOM_HEADER_BYTES)
    details.push({
      field: 'headers',
      message: headersTooLargeMessage(MAX_CUSTOM_HEADERS, MAX_CUSTOM_HEADER_BYTES),
    });
  return details;
}
