import Stripe from 'stripe';
import { MalformedWebhookError } from '../errors/malformed-webhook.error.js';
import type {
  ParsedWebhookEvent,
  WebhookRequest,
  WebhookVerifier,
} from '../interfaces/webhook-verifier.interface.js';
import type { ResolvedStripeSource } from '../options/resolved-ingest-options.js';
import { asIdentifier, isJsonObject, parseJsonBody, withinWindow } from './webhook-body.js';

const TIMESTAMP = /(?:^|,)\s*t=(\d{1,12})(?:,|$)/;
const STRIPE_SIGNATURE = Stripe.webhooks.signature!;

/**
 * Stripe: `Stripe-Signature` checked by the official package (`Stripe.webhooks.signature.verifyHeader`,
 * what `constructEvent` runs; static, no API key), against each configured secret. Stripe's own check only refuses old timestamps; this
 * one also refuses timestamps more than `tolerance` in the future. Id: the Stripe event id.
 */
export class StripeWebhookVerifier implements WebhookVerifier {
  constructor(private readonly options: ResolvedStripeSource) {}

  verify(request: WebhookRequest): boolean {
    const header = request.headers['stripe-signature'];
    if (!header) return false;
    const now = request.receivedAt.getTime();
    const signedAt = TIMESTAMP.exec(header)?.[1];
    if (!signedAt || !withinWindow(Number(signedAt) * 1000, now, this.options.tolerance * 1000)) return false;
    let valid = false;
    for (const secret of this.options.secrets) {
      valid = this.verifyWith(request.rawBody, header, secret, now) || valid;
    }
    return valid;
  }

  parse(request: WebhookRequest): ParsedWebhookEvent[] {
    const payload = parseJsonBody(request.rawBody);
    const id = isJsonObject(payload) ? asIdentifier(payload.id) : undefined;
    if (!id || !isJsonObject(payload) || typeof payload.type !== 'string') {
      throw new MalformedWebhookError('The body is not a Stripe event (it needs an id and a type).');
    }
    return [{ externalId: id, type: payload.type, payload }];
  }

  /** One secret; protected so a subclass can add checks (e.g. a connected account allow-list). */
  protected verifyWith(rawBody: Buffer, header: string, secret: string, receivedAtMs: number): boolean {
    try {
      // The signature check of `constructEvent`, without the JSON parse that follows it there
      // (parse() parses the body once, strictly, and reports bad JSON as a 400).
      return STRIPE_SIGNATURE.verifyHeader(
        rawBody,
        header,
        secret,
        this.options.tolerance,
        undefined,
        receivedAtMs,
      );
    } catch (error) {
      if (error instanceof Stripe.errors.StripeSignatureVerificationError) return false;
      throw error;
    }
  }
}
