import { safeEqual } from '@org/common';
import { MalformedWebhookError } from '../errors/malformed-webhook.error.js';
import type {
  ParsedWebhookEvent,
  WebhookRequest,
  WebhookVerifier,
} from '../interfaces/webhook-verifier.interface.js';
import type { ResolvedHubSpotSource } from '../options/resolved-ingest-options.js';
import { signHubSpotV1, signHubSpotV2, signHubSpotV3 } from '../signing/hubspot.signature.js';
import { asIdentifier, isJsonObject, parseJsonBody, withinWindow } from './webhook-body.js';

/**
 * HubSpot, implemented from HubSpot's documentation (the official client compares with `===` and
 * skips the URI decoding). v3 (`X-HubSpot-Signature-v3` + `X-HubSpot-Request-Timestamp`, ms, within
 * `maxAgeSeconds` either way) decides whenever it is present and enabled; otherwise v1/v2
 * (`X-HubSpot-Signature` + `X-HubSpot-Signature-Version`) if enabled. The URL is `publicUrl` + the
 * original path when configured, else the request's own. A request carries a batch: each element is
 * one event, id `eventId`, type `subscriptionType`.
 */
export class HubSpotWebhookVerifier implements WebhookVerifier {
  readonly storedHeaders = ['x-hubspot-request-timestamp', 'x-hubspot-signature-version'];

  constructor(private readonly options: ResolvedHubSpotSource) {}

  verify(request: WebhookRequest): boolean {
    const uri = this.options.publicUrl ? `${this.options.publicUrl}${request.path}` : request.url;
    const { method, rawBody: body, headers } = request;
    const v3 = headers['x-hubspot-signature-v3'];
    if (v3 !== undefined && this.options.versions.includes('v3')) {
      const timestamp = headers['x-hubspot-request-timestamp'];
      if (!timestamp || !/^\d{1,16}$/.test(timestamp)) return false;
      if (!withinWindow(Number(timestamp), request.receivedAt.getTime(), this.options.maxAgeSeconds * 1000))
        return false;
      return this.matchesAny(v3, (clientSecret) =>
        signHubSpotV3({ clientSecret, method, uri, body, timestamp }),
      );
    }
    const legacy = headers['x-hubspot-signature'];
    const version = headers['x-hubspot-signature-version']?.toLowerCase();
    if (!legacy || (version !== 'v1' && version !== 'v2') || !this.options.versions.includes(version))
      return false;
    const provided = legacy.toLowerCase();
    if (version === 'v1')
      return this.matchesAny(provided, (clientSecret) => signHubSpotV1({ clientSecret, body }));
    return this.matchesAny(provided, (clientSecret) => signHubSpotV2({ clientSecret, method, uri, body }));
  }

  parse(request: WebhookRequest): ParsedWebhookEvent[] {
    const body = parseJsonBody(request.rawBody);
    const batch = Array.isArray(body) ? body : [body];
    if (batch.length === 0) throw new MalformedWebhookError('The batch holds no events.');
    return batch.map((event, index) => {
      const externalId = isJsonObject(event) ? asIdentifier(event.eventId) : undefined;
      if (!externalId || !isJsonObject(event) || typeof event.subscriptionType !== 'string') {
        throw new MalformedWebhookError(
          `Event ${index} of the batch needs an eventId and a subscriptionType.`,
        );
      }
      return { externalId, type: event.subscriptionType, payload: event };
    });
  }

  /** Compares against every secret's signature (all of them, so timing does not tell which matched). */
  protected matchesAny(provided: string, expectedFor: (clientSecret: string) => string): boolean {
    let valid = false;
    for (const secret of this.options.clientSecrets)
      valid = safeEqual(expectedFor(secret), provided) || valid;
    return valid;
  }
}
