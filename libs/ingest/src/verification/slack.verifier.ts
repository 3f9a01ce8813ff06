import type { WebhookRequest } from '../interfaces/webhook-verifier.interface.js';
import { HmacWebhookVerifier } from './hmac.verifier.js';
import { parseJsonBody } from './webhook-body.js';

/**
 * Slack's request signing, as the generic HMAC scheme with Slack's preset (`v0=` hex signature,
 * `X-Slack-Request-Timestamp` window) and its own signed text, `v0:<timestamp>:<body>`. Slack's
 * `url_verification` handshake is answered with its challenge instead of being stored.
 */
export class SlackWebhookVerifier extends HmacWebhookVerifier {
  protected override signedWithTimestamp(timestamp: string, body: Buffer): Buffer {
    return Buffer.concat([Buffer.from(`v0:${timestamp}:`), body]);
  }

  /** `{ challenge }` for a verified `url_verification` request, else undefined. */
  challengeResponse(request: WebhookRequest): Record<string, unknown> | undefined {
    let payload: unknown;
    try {
      payload = parseJsonBody(request.rawBody);
    } catch {
      return undefined;
    }
    const { type, challenge } = (payload ?? {}) as { type?: unknown; challenge?: unknown };
    return type === 'url_verification' && typeof challenge === 'string' ? { challenge } : undefined;
  }
}
