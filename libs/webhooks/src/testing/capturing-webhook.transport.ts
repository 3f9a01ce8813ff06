import type { OnApplicationShutdown } from '@nestjs/common';
import type { Clock } from '@org/common';
import type { SubscriptionSecrets } from '../secrets/subscription-secrets.js';
import { DeliveryHeaderNames } from '../signing/delivery-headers.js';
import { verifySignatureHeader } from '../signing/signature.js';
import { signStandardWebhooks } from '../signing/standard-webhooks.js';
import { noAnswerResult, type TransportResult } from '../transport/transport-result.js';
import type {
  TransportRequest,
  TransportTarget,
  WebhookTransportOptions,
} from '../transport/webhook-transport.options.js';
import { statusVerdict, WebhookTransport } from '../transport/webhook-transport.js';
import { validateWebhookUrl, type WebhookUrlCheck } from '../transport/webhook-url.validator.js';
import type { PendingRequest, Responder, ScriptedAnswer } from './scripted-answer.js';
import type { SentWebhook } from './sent-webhook.js';

/** What the capturing transport needs besides the network transport's settings. */
export interface CapturingTransportSettings {
  clock: Clock;
  secrets: SubscriptionSecrets;
  signatureHeader: string;
  standardWebhooksHeaders: boolean;
  /** Origins (`http://127.0.0.1:4321`) whose requests really go out. */
  network: readonly string[];
}

/** The access token the test kit's token endpoint issues when no script answers the token URL. */
export const TEST_OAUTH2_TOKEN = 'test-oauth2-access-token';

const TEST_TOKEN_ANSWER: ScriptedAnswer = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ access_token: TEST_OAUTH2_TOKEN, token_type: 'Bearer', expires_in: 3600 }),
};

/**
 * The test kit's transport: records every request with its target and verified signatures, and
 * answers it from the test's script (default 200) instead of the network, except for the origins
 * the test opted into, which the network transport it extends serves.
 */
export class CapturingWebhookTransport extends WebhookTransport implements OnApplicationShutdown {
  private readonly captured: SentWebhook[] = [];
  private readonly scripts = new Map<string, Responder>();
  private readonly origins: Set<string>;

  constructor(
    options: WebhookTransportOptions,
    private readonly settings: CapturingTransportSettings,
  ) {
    super(options);
    this.origins = new Set(settings.network.map((origin) => new URL(origin).origin));
  }

  /** Everything sent so far, in order. */
  get sent(): readonly SentWebhook[] {
    return this.captured;
  }

  /** Scripts the answers for a URL or a subscription id (the subscription's script wins). */
  script(target: string, responder: Responder): void {
    this.scripts.set(target, responder);
  }

  /** Forgets what was sent and every script. */
  reset(): void {
    this.captured.length = 0;
    this.scripts.clear();
  }

  override async send(request: TransportRequest, target?: TransportTarget): Promise<TransportResult> {
    const pending = this.describe(request, target);
    const network = this.origins.has(originOf(request.url));
    const answer = network ? await super.send(request, target) : await this.scriptedAnswer(request, pending);
    this.captured.push({ ...pending, answer, network });
    return answer;
  }

  /**
   * OAuth2 token requests: to an origin of `network` they really go out; else a script on the token
   * URL answers (`testbed.respond(tokenUrl, …)`), else {@link TEST_OAUTH2_TOKEN} does (Bearer, one
   * hour). They are not webhooks, so `sent()` does not list them; the endpoint's requests carry the
   * token in `Authorization`.
   */
  override async requestToken(request: TransportRequest): Promise<TransportResult> {
    if (this.origins.has(originOf(request.url))) return super.requestToken(request);
    const script = this.scripts.get(request.url);
    if (!script) return toResult(TEST_TOKEN_ANSWER, request.timeoutMs ?? this.options.timeoutMs);
    return this.scriptedAnswer(request, this.describe(request, undefined), script);
  }

  /** Static URL rules only: a test resolves no names. */
  override async checkDestination(rawUrl: string): Promise<WebhookUrlCheck> {
    return validateWebhookUrl(rawUrl, { allowPrivateAddresses: this.options.allowPrivateAddresses });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  /** The script's answer; a responder that throws fails the attempt with its message (a transport never throws). */
  private async scriptedAnswer(
    request: TransportRequest,
    pending: PendingRequest,
    responder: Responder = this.responderFor(pending),
  ): Promise<TransportResult> {
    try {
      const answer = await responder(pending);
      return toResult(answer, request.timeoutMs ?? this.options.timeoutMs);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return noAnswerResult(`the test's responder threw: ${message}`, 'network');
    }
  }

  private responderFor(request: PendingRequest): Responder {
    return this.scripts.get(request.subscriptionId) ?? this.scripts.get(request.url) ?? (() => ({}));
  }

  private describe(request: TransportRequest, target: TransportTarget | undefined): PendingRequest {
    const header = (name: string) => headerOf(request.headers, name);
    const now = this.settings.clock.now();
    return {
      type: target?.eventType ?? header(DeliveryHeaderNames.eventType) ?? '',
      eventId: target?.eventId ?? header(DeliveryHeaderNames.eventId) ?? '',
      subscriptionId: target?.subscriptionId ?? '',
      deliveryId: target?.deliveryId ?? null,
      attempt: target?.attempt ?? Number(header(DeliveryHeaderNames.attempt) ?? 1),
      url: request.url,
      body: parseBody(request.body),
      rawBody: request.body,
      headers: { ...request.headers },
      signatureValid: target
        ? this.verify(request, this.settings.secrets.activePlainSecrets(target.secrets, now))
        : false,
      sentAt: now,
    };
  }

  /** Every signature the module sends must verify with one of the subscription's secrets. */
  private verify(request: TransportRequest, secrets: string[]): boolean {
    if (secrets.length === 0) return false;
    const now = this.settings.clock.now();
    const signature = headerOf(request.headers, this.settings.signatureHeader);
    if (!verifySignatureHeader(request.body, signature, secrets, { now }).valid) return false;
    if (!this.settings.standardWebhooksHeaders) return true;
    const id = headerOf(request.headers, DeliveryHeaderNames.standardId);
    const timestamp = Number(headerOf(request.headers, DeliveryHeaderNames.standardTimestamp));
    const sent = headerOf(request.headers, DeliveryHeaderNames.standardSignature)?.split(' ') ?? [];
    if (!id || !Number.isSafeInteger(timestamp)) return false;
    return secrets.some((secret) =>
      sent.includes(signStandardWebhooks({ id, timestamp, body: request.body, secrets: [secret] })),
    );
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

function headerOf(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return Object.entries(headers).find(([key]) => key.toLowerCase() === wanted)?.[1];
}

function parseBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/** A scripted answer as the network transport would report it. */
function toResult(answer: ScriptedAnswer, timeoutMs: number): TransportResult {
  const delayMs = answer.delayMs ?? 0;
  if (delayMs >= timeoutMs) {
    return noAnswerResult(`timeout after ${timeoutMs} ms`, 'timeout', timeoutMs);
  }
  const status = answer.status ?? 200;
  const headers = Object.entries(answer.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]);
  const responseHeaders: Record<string, string> = Object.fromEntries(headers);
  return {
    httpStatus: status,
    durationMs: delayMs,
    responseBody: answer.body ?? '',
    responseBodyTruncated: false,
    responseHeaders,
    // Judged as the network transport judges a real answer.
    ...statusVerdict(status, responseHeaders.location),
  };
}
