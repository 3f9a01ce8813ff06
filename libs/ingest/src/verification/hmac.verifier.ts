import { createHash, createHmac } from 'node:crypto';
import { safeEqual } from '@org/common';
import { MalformedWebhookError } from '../errors/malformed-webhook.error.js';
import type {
  ParsedWebhookEvent,
  WebhookRequest,
  WebhookVerifier,
} from '../interfaces/webhook-verifier.interface.js';
import type { ResolvedHmacSource } from '../options/resolved-ingest-options.js';
import { asIdentifier, parseJsonBody, valueAtPath, withinWindow } from './webhook-body.js';

/**
 * A generic HMAC scheme, configured per source: the signature header (with an optional prefix such as
 * `sha256=`), algorithm, encoding, and optionally a timestamp header that is both checked against
 * `toleranceSeconds` and, with `signedPayload: 'timestamp.body'`, signed as `<timestamp>.<body>`.
 */
export class HmacWebhookVerifier implements WebhookVerifier {
  readonly storedHeaders: string[];

  constructor(private readonly options: ResolvedHmacSource) {
    this.storedHeaders = [options.timestampHeader, options.idHeader, options.typeHeader].filter(
      (h): h is string => !!h,
    );
  }

  verify(request: WebhookRequest): boolean {
    const { header, prefix, timestampHeader, signedPayload, encoding } = this.options;
    const value = request.headers[header];
    if (!value || !value.startsWith(prefix)) return false;
    const provided =
      encoding === 'hex'
        ? value.slice(prefix.length).trim().toLowerCase()
        : value.slice(prefix.length).trim();
    let signed = request.rawBody;
    if (timestampHeader) {
      const timestamp = request.headers[timestampHeader];
      if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
      const toleranceMs = this.options.toleranceSeconds * 1000;
      if (!withinWindow(Number(timestamp) * 1000, request.receivedAt.getTime(), toleranceMs)) return false;
      if (signedPayload === 'timestamp.body') signed = this.signedWithTimestamp(timestamp, request.rawBody);
    }
    let valid = false;
    for (const secret of this.options.secrets)
      valid = safeEqual(this.sign(secret, signed), provided) || valid;
    return valid;
  }

  parse(request: WebhookRequest): ParsedWebhookEvent[] {
    const payload = parseJsonBody(request.rawBody);
    const { idHeader, idField, typeHeader, typeField } = this.options;
    let externalId: string | undefined;
    if (idHeader) {
      externalId = request.headers[idHeader];
      if (!externalId) throw new MalformedWebhookError(`The ${idHeader} header is missing.`);
    } else {
      // Without an id from the sender, identical bodies are the same delivery.
      externalId =
        asIdentifier(valueAtPath(payload, idField)) ??
        createHash('sha256').update(request.rawBody).digest('hex');
    }
    const typeValue = typeHeader ? request.headers[typeHeader] : valueAtPath(payload, typeField);
    return [
      { externalId, type: typeof typeValue === 'string' && typeValue ? typeValue : 'unknown', payload },
    ];
  }

  /** What is signed with `signedPayload: 'timestamp.body'`: `<timestamp>.<body>`; Slack overrides it. */
  protected signedWithTimestamp(timestamp: string, body: Buffer): Buffer {
    return Buffer.concat([Buffer.from(`${timestamp}.`), body]);
  }

  /** The expected signature for one secret; protected for schemes that sign differently. */
  protected sign(secret: string, signed: Buffer): string {
    return createHmac(this.options.algorithm, secret).update(signed).digest(this.options.encoding);
  }
}
