import { createHash, createHmac } from 'node:crypto';

/** What HubSpot signs with v3. */
export interface HubSpotV3SignatureInput {
  /** The app's client secret. */
  clientSecret: string;
  /** HTTP method, e.g. `POST`. */
  method: string;
  /** The full URL called (`https://api.example.com/api/webhooks/hubspot?x=1`), as HubSpot called it. */
  uri: string;
  /** The exact request body. */
  body: string | Buffer;
  /** `X-HubSpot-Request-Timestamp`: Unix time in milliseconds. */
  timestamp: number | string;
}

// HubSpot decodes exactly these escapes in the URI before signing v3 (developers.hubspot.com, "Validating
// requests", v3); other escapes, such as %20, stay encoded.
const V3_DECODED: Readonly<Record<string, string>> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};
const V3_ESCAPES = /%(?:3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi;

/** Applies HubSpot's v3 URI decoding: only the escapes HubSpot lists are decoded. */
export function normalizeHubSpotV3Uri(uri: string): string {
  return uri.replace(V3_ESCAPES, (escape) => V3_DECODED[escape.toUpperCase()]);
}

/**
 * HubSpot signature v3: base64(HMAC-SHA256(clientSecret, method + uri + body + timestamp)), the URI
 * decoded per {@link normalizeHubSpotV3Uri}. Senders put it in `X-HubSpot-Signature-v3`.
 */
export function signHubSpotV3({
  clientSecret,
  method,
  uri,
  body,
  timestamp,
}: HubSpotV3SignatureInput): string {
  return createHmac('sha256', clientSecret)
    .update(`${method.toUpperCase()}${normalizeHubSpotV3Uri(uri)}`)
    .update(body)
    .update(String(timestamp))
    .digest('base64');
}

/** HubSpot signature v2: hex SHA-256 of clientSecret + method + uri + body (the URI exactly as called). */
export function signHubSpotV2({
  clientSecret,
  method,
  uri,
  body,
}: Omit<HubSpotV3SignatureInput, 'timestamp'>): string {
  return createHash('sha256')
    .update(`${clientSecret}${method.toUpperCase()}${uri}`)
    .update(body)
    .digest('hex');
}

/** HubSpot signature v1: hex SHA-256 of clientSecret + body. */
export function signHubSpotV1({
  clientSecret,
  body,
}: Pick<HubSpotV3SignatureInput, 'clientSecret' | 'body'>): string {
  return createHash('sha256').update(clientSecret).update(body).digest('hex');
}

/** The headers of a v3-signed HubSpot request, for senders and tests. */
export function hubSpotV3Headers(input: HubSpotV3SignatureInput): Record<string, string> {
  return {
    'X-HubSpot-Signature-v3': signHubSpotV3(input),
    'X-HubSpot-Request-Timestamp': String(input.timestamp),
  };
}
