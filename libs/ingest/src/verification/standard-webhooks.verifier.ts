import { safeEqual } from '@org/common';
import { Webhook } from 'standardwebhooks';
import type {
  ParsedWebhookEvent,
  WebhookRequest,
  WebhookVerifier,
} from '../interfaces/webhook-verifier.interface.js';
import type { ResolvedStandardWebhooksSource } from '../options/resolved-ingest-options.js';
import { isJsonObject, parseJsonBody, withinWindow } from './webhook-body.js';

/**
 * Standard Webhooks (Svix and other senders): `webhook-id`, `webhook-timestamp` (Unix seconds, within
 * `toleranceSeconds` either way) and `webhook-signature` (space-separated `v1,<base64>`). Signatures
 * are computed with the `standardwebhooks` package; its own `verify()` reads the wall clock, so the
 * window is checked here against the module's clock instead. Id: `webhook-id`; type: payload `type`.
 */
export class StandardWebhooksVerifier implements WebhookVerifier {
  readonly storedHeaders = ['webhook-id', 'webhook-timestamp'];
  private readonly signers: Webhook[];

  constructor(private readonly options: ResolvedStandardWebhooksSource) {
    this.signers = options.secrets.map((secret) => new Webhook(secret));
  }

  verify(request: WebhookRequest): boolean {
    const id = request.headers['webhook-id'];
    const timestamp = request.headers['webhook-timestamp'];
    const signatures = request.headers['webhook-signature'];
    if (!id || !timestamp || !signatures || !/^\d{1,12}$/.test(timestamp)) return false;
    const signedAt = Number(timestamp) * 1000;
    if (!withinWindow(signedAt, request.receivedAt.getTime(), this.options.toleranceSeconds * 1000))
      return false;
    const provided = signatures
      .split(' ')
      .filter((s) => s.startsWith('v1,'))
      .map((s) => s.slice(3));
    let valid = false;
    for (const signer of this.signers) {
      const expected = signer.sign(id, new Date(signedAt), request.rawBody).slice(3);
      for (const candidate of provided) valid = safeEqual(expected, candidate) || valid;
    }
    return valid;
  }

  parse(request: WebhookRequest): ParsedWebhookEvent[] {
    const payload = parseJsonBody(request.rawBody);
    const type =
      isJsonObject(payload) && typeof payload.type === 'string' && payload.type ? payload.type : 'unknown';
    return [{ externalId: request.headers['webhook-id']!, type, payload }];
  }
}
