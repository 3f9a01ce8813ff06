import { Inject, Injectable } from '@nestjs/common';
import {
  RESOLVED_WEBHOOKS_OPTIONS,
  type ResolvedWebhooksOptions,
} from '../options/resolved-webhooks-options.js';
import { formatPayload } from '../formats/payload-format.js';
import type {
  ClientCertificate,
  PayloadFormat,
  StoredCredential,
  StoredSecret,
} from '../interfaces/subscription.interface.js';
import type { ClientTlsMaterial } from '../transport/client-tls-material.js';
import { ClientCertificateExpiredError } from './client-certificate-expired.error.js';
import { EndpointCredentialCache } from './endpoint-credential.cache.js';
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
  /** Whose request it is (connections presenting its client certificate are its own). */
  subscriptionId: string;
  /** The subscription's encrypted credentials: custom header values, client key; absent: none. */
  credentials?: readonly StoredCredential[];
  /** The subscription's client certificate; absent or `null`: none. */
  tls?: ClientCertificate | null;
}

/**
 * Turns a claimed attempt (or a ping) into the exact HTTP request: the body as stored, signed afresh
 * with the subscription's active secrets at the attempt's time (so retries pass receivers' timestamp
 * tolerance), `webhook-id` = the event id on every attempt, the attempt number, the User-Agent; the
 * subscription's custom headers (decrypted, named sensitive so the log redacts them) and its client
 * certificate with the decrypted key.
 */
@Injectable()
export class DeliveryRequestBuilder {
  private readonly secrets: SigningSecretCache;
  private readonly credentials: EndpointCredentialCache;

  constructor(
    @Inject(RESOLVED_WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    cipher: SecretCipher,
  ) {
    this.secrets = new SigningSecretCache(cipher);
    this.credentials = new EndpointCredentialCache(cipher);
  }

  /**
   * @throws Error when no secret signs at `now` or one cannot be decrypted;
   * ClientCertificateExpiredError when the client certificate has expired by `now`.
   */
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
    const clientTls = this.clientTls(input, now);
    const credentials = input.credentials ?? [];
    if (!credentials.some((credential) => credential.use === 'header'))
      return { url: input.url, body, headers, ...(clientTls && { clientTls }) };
    const custom = this.customHeaders(credentials, headers);
    return {
      url: input.url,
      body,
      // Ours last: a custom header can never replace what signs or identifies the delivery.
      headers: { ...custom, ...headers },
      sensitiveHeaders: Object.keys(custom),
      ...(clientTls && { clientTls }),
    };
  }

  /**
   * The decrypted custom headers, minus any of our own names (refused when set; this guards rows
   * written before a name was refused), except `User-Agent`, which a custom value replaces.
   */
  private customHeaders(
    credentials: readonly StoredCredential[],
    ours: Record<string, string>,
  ): Record<string, string> {
    const ownNames = new Set(Object.keys(ours).map((name) => name.toLowerCase()));
    const custom: Record<string, string> = {};
    for (const { use, name, ciphertext } of credentials) {
      if (use !== 'header' || name === undefined) continue;
      const lower = name.toLowerCase();
      if (lower === 'user-agent') {
        for (const own of Object.keys(ours)) if (own.toLowerCase() === lower) delete ours[own];
      } else if (ownNames.has(lower)) continue;
      custom[name] = this.credentials.decrypt(ciphertext);
    }
    return custom;
  }

  /** The client certificate with its key, or `null` without one. */
  private clientTls(input: DeliveryRequestInput, now: Date): ClientTlsMaterial | null {
    const { tls } = input;
    if (!tls) return null;
    if (tls.expiresAt.getTime() <= now.getTime()) throw new ClientCertificateExpiredError(tls.expiresAt);
    const key = input.credentials?.find((credential) => credential.use === 'tls_client_key');
    // A certificate without its key cannot be presented; the endpoint's refusal will say so.
    if (!key) return null;
    return {
      subscriptionId: input.subscriptionId,
      cert: tls.cert,
      key: this.credentials.decrypt(key.ciphertext),
      ca: tls.ca,
      fingerprint: tls.fingerprintSha256,
    };
  }
}
