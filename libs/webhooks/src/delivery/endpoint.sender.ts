import { Injectable, Logger } from '@nestjs/common';
import { UndecryptableSecretError } from '@org/common';
import type { OAuth2Settings } from '../interfaces/oauth2-settings.interface.js';
import type { StoredCredential } from '../interfaces/subscription.interface.js';
import { OAuth2Tokens, type BearerToken, type OAuth2Endpoint } from '../oauth2/oauth2-tokens.js';
import { tokenRequestFailedMessage } from '../oauth2/oauth2.messages.js';
import { noAnswerResult, type TransportResult } from '../transport/transport-result.js';
import type { TransportRequest, TransportTarget } from '../transport/webhook-transport.options.js';
import { WebhookTransport } from '../transport/webhook-transport.js';

/** How a subscription's endpoint is called: what a claim and a subscription record both carry. */
export interface EndpointAccess {
  oauth2?: OAuth2Settings | null;
  credentials?: readonly StoredCredential[];
}

/**
 * Sends a built request as the subscription's endpoint demands: with OAuth2, the bearer token goes
 * in `Authorization` (set on the request itself, so the attempt record shows it, redacted); a 401
 * answer drops that token, fetches a new one and sends once more, and the attempt is the second
 * answer. Without a token nothing is sent: the attempt fails with class `oauth2_token`. Real
 * deliveries and pings both go through here.
 */
@Injectable()
export class EndpointSender {
  private readonly logger = new Logger('WebhooksOAuth2');

  constructor(
    private readonly transport: WebhookTransport,
    private readonly tokens: OAuth2Tokens,
  ) {}

  /**
   * Never throws for the endpoint's or the token endpoint's sake.
   * @throws UndecryptableSecretError when the OAuth2 client secret opens with no key of the ring.
   */
  async send(
    request: TransportRequest,
    target: TransportTarget,
    access: EndpointAccess,
  ): Promise<TransportResult> {
    const oauth2 = oauth2EndpointOf(target.subscriptionId, access);
    if (!oauth2) return this.transport.send(request, target);
    const token = await this.token(oauth2, request.timeoutMs);
    if (!token.ok) return token.result;
    request.headers.authorization = `Bearer ${token.accessToken}`;
    const answer = await this.transport.send(request, target);
    if (answer.httpStatus !== 401) return answer;
    // Revoked, rotated or expired early: one new token, one more try, whatever it answers.
    await this.tokens.invalidate(oauth2.subscriptionId, token.ciphertext);
    const renewed = await this.token(oauth2, request.timeoutMs);
    if (!renewed.ok) return renewed.result;
    request.headers.authorization = `Bearer ${renewed.accessToken}`;
    return this.transport.send(request, target);
  }

  private async token(endpoint: OAuth2Endpoint, timeoutMs: number | undefined): Promise<BearerToken> {
    try {
      return await this.tokens.tokenFor(endpoint, timeoutMs);
    } catch (error) {
      if (error instanceof UndecryptableSecretError) throw error;
      // The shared token store failed (database): this attempt fails and is retried on schedule.
      this.logger.error(
        `OAuth2 token of ${endpoint.subscriptionId} unavailable: ${(error as Error)?.message}`,
      );
      return {
        ok: false,
        result: noAnswerResult(tokenRequestFailedMessage('token cache unavailable'), 'oauth2_token'),
      };
    }
  }
}

/** The endpoint's OAuth2 grant with its stored client secret, or `null` when it has none. */
function oauth2EndpointOf(subscriptionId: string, access: EndpointAccess): OAuth2Endpoint | null {
  if (!access.oauth2) return null;
  const secret = access.credentials?.find((credential) => credential.use === 'oauth2_client_secret');
  // Written together by the API; without it the secret fails to open, as one no key of the ring opens.
  return { subscriptionId, settings: access.oauth2, clientSecretCiphertext: secret?.ciphertext ?? '' };
}
