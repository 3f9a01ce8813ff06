import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the token server answers token requests. */
export type TokenServerMode = 'ok' | 'error_500' | 'invalid_client' | 'bad_json';

/** A token request as the server saw it. */
export interface SeenTokenRequest {
  authorization: string | undefined;
  contentType: string | undefined;
  form: Record<string, string>;
}

/**
 * A small OAuth2 authorization server on loopback (client credentials grant only): checks HTTP Basic
 * client authentication (RFC 6749 §2.3.1: form-urlencoded id and secret, then base64) and the form
 * body, issues `tok-1`, `tok-2`, … with `expires_in`, counts requests, and can fail on demand. It can
 * be stopped and started again on the same port (a token endpoint that is down, then back).
 */
export class TokenServer {
  readonly requests: SeenTokenRequest[] = [];
  /** Tokens issued and not revoked: what {@link ProtectedEndpoint} accepts. */
  readonly valid = new Set<string>();
  mode: TokenServerMode = 'ok';
  /** `token_type` of issued tokens. */
  tokenType = 'bearer';
  /** `expires_in` of issued tokens; `null` leaves it out. */
  expiresIn: number | null = 3600;
  private issued = 0;
  private server: Server | null = null;
  private port = 0;

  constructor(
    readonly clientId: string,
    public clientSecret: string,
  ) {}

  /** The token endpoint's URL. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/oauth/token`;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    const server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Stops listening: token requests are refused at connect until {@link start} again. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  /** Revokes every token issued so far (a rotation on the authorization server's side). */
  revokeAll(): void {
    this.valid.clear();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of request) body += String(chunk);
    const form = Object.fromEntries(new URLSearchParams(body));
    this.requests.push({
      authorization: request.headers.authorization,
      contentType: request.headers['content-type'],
      form,
    });
    const json = (status: number, value: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify(value));
    };
    if (this.mode === 'error_500') return json(500, { message: 'down for maintenance' });
    if (this.mode === 'bad_json') {
      response.writeHead(200, { 'content-type': 'application/json' });
      return void response.end('{"access_token": ');
    }
    if (this.mode === 'invalid_client' || !this.authenticates(request.headers.authorization))
      return json(401, { error: 'invalid_client', error_description: 'client authentication failed' });
    if (request.method !== 'POST' || form.grant_type !== 'client_credentials')
      return json(400, { error: 'unsupported_grant_type' });
    const token = `tok-${++this.issued}`;
    this.valid.add(token);
    json(200, {
      access_token: token,
      token_type: this.tokenType,
      ...(this.expiresIn === null ? {} : { expires_in: this.expiresIn }),
    });
  }

  /** RFC 6749 §2.3.1: `Basic base64(urlencode(id) ":" urlencode(secret))`. */
  private authenticates(header: string | undefined): boolean {
    if (!header?.startsWith('Basic ')) return false;
    const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
    return (
      colon > 0 &&
      decode(decoded.slice(0, colon)) === this.clientId &&
      decode(decoded.slice(colon + 1)) === this.clientSecret
    );
  }
}

/** An endpoint that accepts a delivery only with `Authorization: Bearer <a token the server issued>`. */
export class ProtectedEndpoint {
  /** The bearer token of every request (`null` without one) and the status answered. */
  readonly requests: { token: string | null; status: number }[] = [];
  /** Refuse every token, even valid ones (an endpoint that trusts another authorization server). */
  refuseAll = false;
  private server: Server | null = null;

  constructor(private readonly tokens: TokenServer) {}

  url = '';

  get origin(): string {
    return new URL(this.url).origin;
  }

  async start(): Promise<this> {
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const header = request.headers.authorization;
        const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : null;
        const status = !this.refuseAll && token !== null && this.tokens.valid.has(token) ? 204 : 401;
        this.requests.push({ token, status });
        response.writeHead(
          status,
          status === 401 ? { 'www-authenticate': 'Bearer error="invalid_token"' } : {},
        );
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}
