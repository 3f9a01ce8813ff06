import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { customHeadersOf } from './custom-headers.js';
import {
  misnamedSignatureReason,
  verifyStandardWebhooksSignature,
  verifyTimestampedSignature,
} from './signature-checks.js';
import { TOKEN_PATH, TokenEndpoint } from './token-endpoint.js';
import type {
  Receiver,
  ReceiverOptions,
  RecordedRequest,
  ResponsePlan,
  SchemeVerification,
  TokenRequest,
} from './receiver.types.js';

const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * Starts a local webhook receiver (like `stripe listen`): every request to any path is recorded
 * with its raw body and the verification of both signature schemes, then answered as `respond`
 * says. Tests across the repo use it as the real endpoint of deliveries. It can stand in for a
 * demanding endpoint: HTTPS with client certificates required (`tls`), and bearer tokens from its own
 * token endpoint (`oauth2Clients`).
 *
 * @example
 * const receiver = await createReceiver({ secrets: [secret], respond: () => ({ status: 500 }) });
 * // … point a subscription at receiver.url, publish …
 * const [request] = await receiver.waitFor(1);
 * expect(request.verification.signature.status).toBe('valid');
 * await receiver.close();
 */
export async function createReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  const secrets = [...(options.secrets ?? [])];
  const signatureHeaderName = options.signatureHeader ?? 'X-Rex-Signature';
  const signatureHeader = signatureHeaderName.toLowerCase();
  const toleranceSeconds = options.toleranceSeconds === undefined ? 300 : options.toleranceSeconds;
  const now = options.now ?? (() => new Date());
  const requests: RecordedRequest[] = [];
  const waiters = new Set<() => void>();
  const pendingAnswers = new Set<NodeJS.Timeout>();
  const tokenRequests: TokenRequest[] = [];
  const tokens =
    (options.oauth2Clients ?? []).length > 0
      ? new TokenEndpoint(options.oauth2Clients ?? [], options.tokenLifetimeSeconds ?? 300, now)
      : undefined;

  const record = (
    req: IncomingMessage,
    rawBody: Buffer,
  ): { recorded: RecordedRequest; plan: ResponsePlan } => {
    const policy = { toleranceSeconds, now: now() };
    const header = req.headers[signatureHeader];
    const body = rawBody.toString('utf8');
    const json = parseJson(body);
    const field = (name: string) =>
      typeof json === 'object' && json !== null ? (json as Record<string, unknown>)[name] : undefined;
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: req.headers,
      rawBody,
      body,
      json,
      receivedAt: new Date(),
      eventId:
        first(req.headers['x-webhook-event-id']) ?? first(req.headers['webhook-id']) ?? asString(field('id')),
      eventType: first(req.headers['x-webhook-event-type']) ?? asString(field('event')),
      attempt: toAttempt(first(req.headers['x-webhook-attempt'])),
      verification: {
        signature: withMisnamedHint(
          verifyTimestampedSignature(rawBody, first(header), secrets, policy),
          req.headers,
          signatureHeaderName,
        ),
        standardWebhooks: verifyStandardWebhooksSignature(rawBody, req.headers, secrets, policy),
      },
      response: { status: 200, delayMs: 0 },
      customHeaders: customHeadersOf(req.rawHeaders, signatureHeaderName),
      clientCertificateSubject: clientCertificateSubject(req),
      bearer: tokens ? tokens.verify(first(req.headers.authorization)) : { status: 'skipped' },
    };
    let plan: ResponsePlan;
    try {
      plan =
        (tokens && recorded.bearer.status !== 'valid'
          ? {
              status: 401,
              body: 'Invalid bearer token',
              headers: { 'WWW-Authenticate': 'Bearer realm="webhooks", error="invalid_token"' },
            }
          : options.rejectInvalidSignatures && !isAuthentic(recorded.verification)
            ? { status: 401, body: 'Invalid signature' }
            : options.respond?.(recorded)) ?? {};
    } catch (error) {
      // A broken respond callback in a test must show up as an answer, not kill the server.
      plan = { status: 500, body: `respond() threw: ${(error as Error).message}` };
    }
    recorded.response = { status: plan.status ?? 200, delayMs: plan.delayMs ?? 0 };
    return { recorded, plan };
  };

  const answer = (
    { response: { status, delayMs } }: RecordedRequest,
    plan: ResponsePlan,
    res: ServerResponse,
  ) => {
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...plan.headers });
      res.end(plan.body ?? (status >= 200 && status < 300 ? 'ok' : `answered ${status} as asked`));
    };
    if (delayMs <= 0) return send();
    const timer = setTimeout(() => {
      pendingAnswers.delete(timer);
      send();
    }, delayMs);
    pendingAnswers.add(timer);
  };

  const answerTokenRequest = (
    endpoint: TokenEndpoint,
    req: IncomingMessage,
    body: Buffer,
    res: ServerResponse,
  ) => {
    const { answer, request } = endpoint.answer(req.method ?? 'GET', req.headers, body.toString('utf8'));
    tokenRequests.push(request);
    options.onTokenRequest?.(request);
    res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
    res.end(JSON.stringify(answer.body));
  };

  const listener: RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413).end('Payload too large');
        return;
      }
      if (tokens && (req.url ?? '/').split('?')[0] === TOKEN_PATH) {
        answerTokenRequest(tokens, req, Buffer.concat(chunks), res);
        return;
      }
      const { recorded, plan } = record(req, Buffer.concat(chunks));
      requests.push(recorded);
      waiters.forEach((wake) => wake());
      options.onRequest?.(recorded);
      answer(recorded, plan, res);
    });
  };
  const tls = options.tls;
  const server = tls
    ? createHttpsServer(
        {
          cert: tls.cert,
          key: tls.key,
          ca: tls.clientCa,
          requestCert: tls.clientCa !== undefined,
          rejectUnauthorized: tls.clientCa !== undefined,
        },
        listener,
      )
    : createServer(listener);
  if (tls) server.on('tlsClientError', (error: Error) => options.onTlsError?.(error));

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `${tls ? 'https' : 'http'}://${urlHost}:${port}/webhooks`,
    port,
    requests,
    tokenRequests,
    waitFor(count, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (requests.length < count) return;
          cleanup();
          resolve([...requests]);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `receiver: expected ${count} request(s) within ${timeoutMs} ms, got ${requests.length}`,
            ),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      pendingAnswers.forEach((timer) => clearTimeout(timer));
      pendingAnswers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** A request is authentic when some scheme is present and every present one is valid. */
function isAuthentic({ signature, standardWebhooks }: RecordedRequest['verification']): boolean {
  const present = [signature, standardWebhooks].filter((v: SchemeVerification) => v.status !== 'missing');
  return present.length > 0 && present.every((v) => v.status === 'valid');
}

/** The subject of the verified client certificate, one `KEY=value` per part (`CN=acme-sender, O=Acme`). */
function clientCertificateSubject(req: IncomingMessage): string | null {
  const socket = req.socket as Partial<TLSSocket>;
  if (!socket.authorized) return null;
  const subject = socket.getPeerX509Certificate?.()?.subject;
  return subject ? subject.split('\n').join(', ') : null;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function asString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function toAttempt(value: string | undefined): number | null {
  return value && /^\d+$/.test(value) ? Number(value) : null;
}

function withMisnamedHint(
  verification: SchemeVerification,
  headers: IncomingMessage['headers'],
  expected: string,
): SchemeVerification {
  if (verification.status !== 'missing') return verification;
  const reason = misnamedSignatureReason(headers, expected);
  return reason ? { ...verification, reason } : verification;
}
