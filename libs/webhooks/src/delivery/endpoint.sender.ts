import { Inject, Injectable, Logger } from '@nestjs/common';
import { UndecryptableSecretError } from '@org/common';
import type { OAuth2Settings } from '../interfaces/oauth2-settings.interface.js';
import type { StoredCredential } from '../interfaces/subscription.interface.js';
import { OAuth2Tokens, type BearerToken, type OAuth2Endpoint } from '../oauth2/oauth2-tokens.js';
import { tokenRequestFailedMessage } from '../oauth2/oauth2.messages.js';
import {
  RESOLVED_WEBHOOKS_OPTIONS,
  type ResolvedWebhooksOptions,
} from '../options/resolved-webhooks-options.js';
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
 *
 * With OAuth2 an attempt is up to four calls (token, request, new token, request again), each bounded
 * by the timeout; a worker's attempt must still end inside its lease, or another instance would claim
 * and send it again. So a `budgetMs` (the lease, less the time to record) bounds them together: each
 * call gets what is left, and a call with no time left is not made (the attempt fails as `timeout`).
 */
@Injectable()
export class EndpointSender {
  private readonly logger = new Logger('WebhooksOAuth2');

  constructor(
    private readonly transport: WebhookTransport,
    private readonly tokens: OAuth2Tokens,
    @Inject(RESOLVED_WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
  ) {}

  /**
   * Never throws for the endpoint's or the token endpoint's sake.
   * @throws UndecryptableSecretError when the OAuth2 client secret opens with no key of the ring.
   */
  async send(
    request: TransportRequest,
    target: TransportTarget,
    access: EndpointAccess,
    budgetMs?: number,
  ): Promise<TransportResult> {
    const oauth2 = oauth2EndpointOf(target.subscriptionId, access);
    if (!oauth2) return this.transport.send(request, target);
    const deadline = performance.now() + (budgetMs ?? Number.POSITIVE_INFINITY);
    const timeoutLeft = (): number | null => {
      const left = Math.floor(
        Math.min(request.timeoutMs ?? this.options.requestTimeoutMs, deadline - performance.now()),
      );
      return left >= 1 ? left : null;
    };
    const post = () => {
      const timeoutMs = timeoutLeft();
      return timeoutMs === null ? outOfTime() : this.transport.send({ ...request, timeoutMs }, target);
    };
    const token = await this.token(oauth2, timeoutLeft());
    if (!token.ok) return token.result;
    request.headers.authorization = `Bearer ${token.accessToken}`;
    const answer = await post();
    if (answer.httpStatus !== 401) return answer;
    // Revoked, rotated or expired early: one new token, one more try, whatever it answers.
    await this.tokens.invalidate(oauth2.subscriptionId, token.ciphertext);
    const renewed = await this.token(oauth2, timeoutLeft());
    if (!renewed.ok) return renewed.result;
    request.headers.authorization = `Bearer ${renewed.accessToken}`;
    return post();
  }

  private async token(endpoint: OAuth2Endpoint, timeoutMs: number | null): Promise<BearerToken> {
    if (timeoutMs === null) return { ok: false, result: outOfTime() };
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

/** An attempt whose budget ran out before its next call: nothing more is sent. */
function outOfTime(): TransportResult {
  return noAnswerResult('timeout: no time left in this attempt for the token and the request', 'timeout');
}

/** The endpoint's OAuth2 grant with its stored client secret, or `null` when it has none. */
function oauth2EndpointOf(subscriptionId: string, access: EndpointAccess): OAuth2Endpoint | null {
  if (!access.oauth2) return null;
  const secret = access.credentials?.find((credential) => credential.use === 'oauth2_client_secret');
  // Written together by the API; without it the secret fails to open, as one no key of the ring opens.
  return { subscriptionId, settings: access.oauth2, clientSecretCiphertext: secret?.ciphertext ?? '' };
}
