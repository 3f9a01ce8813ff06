import * as oauth from 'oauth4webapi';
import type { OAuth2Settings } from '../interfaces/oauth2-settings.interface.js';
import { DESTINATION_NOT_ALLOWED } from '../transport/public-failure.js';
import { noAnswerResult, type TransportResult } from '../transport/transport-result.js';
import type { WebhookTransport } from '../transport/webhook-transport.js';
import {
  tokenAnswerUnusableMessage,
  tokenEndpointStatusMessage,
  tokenRequestFailedMessage,
} from './oauth2.messages.js';

/** Lifetime assumed for a token whose answer gives no `expires_in` (RFC 6749 §5.1 makes it optional). */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;

/** Longest lifetime believed: a clock or a server gone wrong cannot pin a token for longer. */
const MAX_TOKEN_LIFETIME_SECONDS = 86_400;

/** What a token fetch counts as (`webhooks_oauth2_token_fetches_total{outcome}`). */
export type TokenFetchOutcome = 'success' | 'unreachable' | 'refused' | 'unusable';

/** A token fetch's outcome: the token and its lifetime, or the failed attempt's result. */
export type TokenFetch =
  | { ok: true; accessToken: string; expiresInSeconds: number }
  | {
      ok: false;
      outcome: Exclude<TokenFetchOutcome, 'success'>;
      /** The attempt's result: class `oauth2_token`, a sentence fit for API callers. */
      result: TransportResult;
      /** What operators may read beyond it (the address a refused destination resolved to). */
      detail: string | null;
    };

/** The token request could not be sent or answered nothing: raised inside oauth4webapi's fetch. */
class NoTokenAnswer extends Error {
  constructor(readonly result: TransportResult) {
    super(result.error ?? 'no answer');
  }
}

/**
 * The client credentials grant (RFC 6749 §4.4) over the module's {@link WebhookTransport}: oauth4webapi
 * builds the request and judges the answer (it is spec-exact and dependency-free), and its fetch is
 * our guarded transport's `requestToken`, so the token URL gets the destination policy, deadline,
 * answer limit and no-redirect rule of deliveries. The client authenticates with HTTP Basic
 * (`client_secret_basic`, §2.3.1: id and secret form-urlencoded, then base64), which every
 * authorization server must support; `client_secret_post` is not offered (§2.3.1 advises against it).
 */
export class OAuth2TokenClient {
  constructor(
    private readonly transport: Pick<WebhookTransport, 'requestToken'>,
    /** Plain http token URLs are allowed where private URLs are (tests, private networks). */
    private readonly allowPlainHttp: boolean,
  ) {}

  /** Fetches a token; never throws for anything the token endpoint or the network does. */
  async fetchToken(settings: OAuth2Settings, clientSecret: string, timeoutMs?: number): Promise<TokenFetch> {
    const startedAt = performance.now();
    const failed = (
      outcome: Exclude<TokenFetchOutcome, 'success'>,
      error: string,
      detail: string | null = null,
    ): TokenFetch => ({
      ok: false,
      outcome,
      result: noAnswerResult(error, 'oauth2_token', Math.round(performance.now() - startedAt)),
      detail,
    });
    const server: oauth.AuthorizationServer = {
      issuer: originOf(settings.tokenUrl),
      token_endpoint: settings.tokenUrl,
    };
    const client: oauth.Client = { client_id: settings.clientId };
    const parameters = new URLSearchParams();
    if (settings.scope) parameters.set('scope', settings.scope);
    if (settings.audience) parameters.set('audience', settings.audience);
    let answer: TransportResult | null = null;
    const fetchThroughTransport = async (
      url: string,
      init: oauth.CustomFetchOptions<'POST', URLSearchParams>,
    ): Promise<Response> => {
      // Our User-Agent (the module's option), not the library's.
      const { 'user-agent': _libraryAgent, ...headers } = init.headers;
      answer = await this.transport.requestToken({ url, body: init.body.toString(), headers, timeoutMs });
      if (answer.httpStatus === null) throw new NoTokenAnswer(answer);
      return toResponse(answer.httpStatus, answer.responseBody, answer.responseHeaders);
    };
    try {
      const response = await oauth.clientCredentialsGrantRequest(
        server,
        client,
        oauth.ClientSecretBasic(clientSecret),
        parameters,
        { [oauth.customFetch]: fetchThroughTransport, [oauth.allowInsecureRequests]: this.allowPlainHttp },
      );
      const sent = answer as TransportResult | null;
      if (sent && sent.httpStatus !== 200)
        return failed(
          'refused',
          tokenEndpointStatusMessage(response.status, oauthErrorOf(sent.responseBody)),
        );
      if (sent?.responseBodyTruncated)
        return failed('unusable', tokenAnswerUnusableMessage('answer too large'));
      const token = await oauth.processClientCredentialsResponse(server, client, response);
      if (token.token_type !== 'bearer')
        return failed('unusable', tokenAnswerUnusableMessage(`token_type ${token.token_type} is not Bearer`));
      const expiresIn = token.expires_in ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
      return {
        ok: true,
        accessToken: token.access_token,
        expiresInSeconds: Math.min(Math.max(0, expiresIn), MAX_TOKEN_LIFETIME_SECONDS),
      };
    } catch (error) {
      if (error instanceof NoTokenAnswer) {
        const { errorCode, error: reason } = error.result;
        // Which internal names exist or where they point is for operators, as for endpoint URLs.
        if (errorCode === 'dns' || errorCode === 'blocked_address')
          return failed('unreachable', tokenRequestFailedMessage(DESTINATION_NOT_ALLOWED), reason);
        return failed('unreachable', tokenRequestFailedMessage(reason ?? 'no answer'));
      }
      // The library's checks of the request (URL scheme) and of a 200 answer (JSON, access_token, …).
      return failed('unusable', tokenAnswerUnusableMessage((error as Error).message));
    }
  }
}

/** The answer as a fetch `Response` for oauth4webapi (statuses without a body carry none). */
function toResponse(status: number, body: string | null, headers: Record<string, string> | null): Response {
  const bodyless = status === 204 || status === 205 || status === 304;
  return new Response(bodyless ? null : (body ?? ''), { status, headers: headers ?? {} });
}

/** The `error` code of an OAuth error answer (RFC 6749 §5.2), when it is one; its charset only. */
function oauthErrorOf(body: string | null): string | null {
  if (!body) return null;
  try {
    const parsed: unknown = JSON.parse(body);
    const error = (parsed as { error?: unknown } | null)?.error;
    return typeof error === 'string' && /^[\x20-\x21\x23-\x5b\x5d-\x7e]{1,100}$/.test(error) ? error : null;
  } catch {
    return null;
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
