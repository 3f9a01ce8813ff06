import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { OAuth2Client, RecordedRequest, TokenRequest } from './receiver.types.js';

/** The path the receiver serves the client credentials grant on, when it has OAuth2 clients. */
export const TOKEN_PATH = '/oauth/token';

/** A token endpoint's answer: status, JSON body and headers. */
export interface TokenAnswer {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

/** The bearer check of a webhook request, with the number of the token it carried. */
export type BearerVerification = RecordedRequest['bearer'];

/**
 * A minimal authorization server for the client credentials grant (RFC 6749 §4.4) with
 * `client_secret_basic` client authentication (§2.3.1), and the resource server's bearer check
 * (RFC 6750) of the tokens it issued. Hand-written: a test double of an authorization server is a
 * few lines, and the real client under test (oauth4webapi in @org/webhooks) is what must be exact.
 */
export class TokenEndpoint {
  private readonly issued = new Map<string, { number: number; expiresAt: number }>();
  private count = 0;

  constructor(
    private readonly clients: readonly OAuth2Client[],
    private readonly lifetimeSeconds: number,
    private readonly now: () => Date,
  ) {}

  /** Answers one request to {@link TOKEN_PATH} and says what was asked and given. */
  answer(
    method: string,
    headers: IncomingHttpHeaders,
    body: string,
  ): { answer: TokenAnswer; request: TokenRequest } {
    const form = new URLSearchParams(body);
    const client = basicCredentials(headers.authorization);
    const request: TokenRequest = {
      receivedAt: this.now(),
      clientId: client?.id ?? null,
      grantType: form.get('grant_type'),
      scope: form.get('scope'),
      audience: form.get('audience'),
      status: 200,
    };
    const refuse = (status: number, error: string, extra: Record<string, string> = {}) => {
      request.status = status;
      request.error = error;
      return { answer: { status, body: { error }, headers: extra }, request };
    };
    if (method !== 'POST') return refuse(405, 'invalid_request', { Allow: 'POST' });
    if (!client || !this.clients.some((known) => sameClient(known, client))) {
      return refuse(401, 'invalid_client', { 'WWW-Authenticate': 'Basic realm="token"' });
    }
    if (request.grantType !== 'client_credentials') return refuse(400, 'unsupported_grant_type');

    const token = randomBytes(24).toString('base64url');
    const number = ++this.count;
    this.issued.set(token, { number, expiresAt: this.now().getTime() + this.lifetimeSeconds * 1000 });
    request.token = number;
    const answer = { access_token: token, token_type: 'Bearer', expires_in: this.lifetimeSeconds };
    return { answer: { status: 200, body: answer, headers: { 'Cache-Control': 'no-store' } }, request };
  }

  /** Whether a webhook request carries `Authorization: Bearer <a token issued here, unexpired>`. */
  verify(authorization: string | undefined): BearerVerification {
    if (authorization === undefined) return { status: 'missing' };
    const match = /^Bearer ([\w.~+/-]+=*)$/i.exec(authorization);
    if (!match) return { status: 'invalid', reason: 'not a bearer token' };
    const token = this.issued.get(match[1]);
    if (!token) return { status: 'invalid', reason: 'not a token issued here' };
    if (token.expiresAt <= this.now().getTime()) {
      return { status: 'invalid', token: token.number, reason: `token ${token.number} expired` };
    }
    return { status: 'valid', token: token.number };
  }
}

/** The id and secret of `Authorization: Basic …`, each form-urlencoded before encoding (RFC 6749 §2.3.1). */
function basicCredentials(authorization: string | undefined): OAuth2Client | undefined {
  const match = /^Basic ([A-Za-z0-9+/]+=*)$/i.exec(authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const formDecode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
  try {
    return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

function sameClient(known: OAuth2Client, given: OAuth2Client): boolean {
  const a = Buffer.from(`${known.id}\n${known.secret}`);
  const b = Buffer.from(`${given.id}\n${given.secret}`);
  return a.length === b.length && timingSafeEqual(a, b);
}
