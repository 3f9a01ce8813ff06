import { Inject, Injectable } from '@nestjs/common';
import {
  RESOLVED_WEBHOOKS_OPTIONS,
  type ResolvedWebhooksOptions,
} from '../options/resolved-webhooks-options.js';
import { formatPayload } from '../formats/payload-format.js';
import type { PayloadFormat, StoredSecret } from '../interfaces/subscription.interface.js';
import { SecretCipher } from '../secrets/secret-cipher.js';
import { buildDeliveryHeaders } from '../signing/delivery-headers.js';
import type { TransportRequest } from '../transport/webhook-transport.options.js';
import { SigningSecretCache } from '../signing/signing-secret.cache.js';

/** What one signed delivery request is made of. */
export interface DeliveryRequestInput {
  url: string;
  eventId: string;
  eventType: string;
  attempt: number;
  /** The stored event body, sent byte for byte in the `raw` format. */
  payload: string;
  /** The subscription's format; `raw` when absent. */
  format?: PayloadFormat;
  secrets: readonly StoredSecret[];
}

/**
 * Turns a claimed attempt (or a ping) into the exact HTTP request: the body as stored, signed afresh
 * with the subscription's active secrets at the attempt's time (so retries pass receivers' timestamp
 * tolerance), `webhook-id` = the event id on every attempt, the attempt number, the User-Agent.
 */
@Injectable()
export class DeliveryRequestBuilder {
  private readonly secrets: SigningSecretCache;

  constructor(
    @Inject(RESOLVED_WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    cipher: SecretCipher,
  ) {
    this.secrets = new SigningSecretCache(cipher);
  }

  /** @throws Error when no secret signs at `now` or one cannot be decrypted. */
  build(input: DeliveryRequestInput, now: Date): TransportRequest {
    // Signed as sent: a Slack or Discord message is signed like a raw body.
    const body = formatPayload(input.format ?? 'raw', input.payload);
    const headers = buildDeliveryHeaders({
      eventId: input.eventId,
      eventType: input.eventType,
      attempt: input.attempt,
      body,
      secrets: this.secrets.activeSecrets(input.secrets, now),
      timestamp: Math.floor(now.getTime() / 1000),
      signatureHeader: this.options.signatureHeader,
      standardWebhooks: this.options.standardWebhooksHeaders,
      userAgent: this.options.userAgent,
    });
    return { url: input.url, body, headers };
  }
}
