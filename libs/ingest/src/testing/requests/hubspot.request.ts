import { signHubSpotV1, signHubSpotV2, signHubSpotV3 } from '../../signing/hubspot.signature.js';
import type { HubSpotSignatureVersion } from '../../options/source-options.interface.js';
import {
  bodyOf,
  JSON_CONTENT_TYPE,
  jsonField,
  millisecondsOf,
  type SignedRequestOptions,
  type SignedWebhookRequest,
} from './signed-webhook-request.js';

/** A HubSpot batch to sign. */
export interface HubSpotRequestOptions extends Omit<SignedRequestOptions, 'prefix'> {
  /** The app's client secret, one of `sources.hubspot.clientSecrets`. */
  clientSecret: string;
  /**
   * The full URL HubSpot calls, as the module will see it: v2 and v3 sign it. Behind the source's
   * `publicUrl` that is `publicUrl` + your route (`https://hooks.example.com/api/webhooks/hubspot`);
   * the request is sent to its path.
   */
  url: string;
  /**
   * The events of the batch, each with an `eventId` and a `subscriptionType`
   * (`{ eventId: 1, subscriptionType: 'contact.creation', objectId: 123, … }`); a string or Buffer
   * is sent exactly as given.
   */
  events: Record<string, unknown>[] | string | Buffer;
  /** The signature version: v1 and v2 only where the source enables them. @default 'v3' */
  version?: HubSpotSignatureVersion;
}

/**
 * A HubSpot webhook batch signed as HubSpot's "Validating requests" documentation defines each version
 * (the library's `@org/ingest/signing` functions, tested against HubSpot's published vectors): v3
 * `X-HubSpot-Signature-v3` + `X-HubSpot-Request-Timestamp` (ms), v1/v2 `X-HubSpot-Signature` +
 * `X-HubSpot-Signature-Version`. Its `id` is the first event's `eventId`.
 */
export function hubspotRequest(options: HubSpotRequestOptions): SignedWebhookRequest {
  const { clientSecret, url, events } = options;
  const body = bodyOf(events);
  const id = Array.isArray(events) ? String(events[0]?.eventId ?? '') : (jsonField(body, 'eventId') ?? '');
  const parsed = new URL(url);
  const path = `${parsed.pathname}${parsed.search}`;
  const version = options.version ?? 'v3';
  let signature: Record<string, string>;
  if (version === 'v3') {
    const timestamp = millisecondsOf(options.at);
    signature = {
      'x-hubspot-signature-v3': signHubSpotV3({ clientSecret, method: 'POST', uri: url, body, timestamp }),
      'x-hubspot-request-timestamp': String(timestamp),
    };
  } else {
    const value =
      version === 'v2'
        ? signHubSpotV2({ clientSecret, method: 'POST', uri: url, body })
        : signHubSpotV1({ clientSecret, body });
    signature = { 'x-hubspot-signature': value, 'x-hubspot-signature-version': version };
  }
  return { method: 'POST', path, headers: { ...JSON_CONTENT_TYPE, ...signature }, body, id };
}
