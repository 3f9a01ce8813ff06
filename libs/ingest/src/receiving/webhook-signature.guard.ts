import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '@org/common';
import { IngestStorageUnavailableException } from '../errors/ingest-storage-unavailable.exception.js';
import { InvalidSignatureException } from '../errors/invalid-signature.exception.js';
import { RawBodyUnavailableException } from '../errors/raw-body-unavailable.exception.js';
import { UnknownSourceException } from '../errors/unknown-source.exception.js';
import { UnsupportedWebhookMediaTypeException } from '../errors/unsupported-webhook-media-type.exception.js';
import { WebhookTooLargeException } from '../errors/webhook-too-large.exception.js';
import { verifierThrew } from '../ingest.messages.js';
import type { WebhookRequest, WebhookVerifier } from '../interfaces/webhook-verifier.interface.js';
import { RESOLVED_INGEST_OPTIONS, type ResolvedIngestOptions } from '../options/resolved-ingest-options.js';
import { IngestObserver } from '../observability/ingest.observer.js';
import { InboundSourceResolver } from '../sources/inbound-source.resolver.js';
import { sourceBodyLimit } from '../sources/source-type-options.js';
import { WebhookVerifierRegistry } from '../verification/webhook-verifier.registry.js';
import { attachVerifiedWebhook, type VerifiedWebhook, type WebhookHttpRequest } from './verified-webhook.js';

const JSON_ONLY = ['application/json'] as const;

/** A source the request may be for: its verifier, where its events belong, and its body limit. */
export interface FoundSource extends Omit<VerifiedWebhook, 'request'> {
  maxBodyBytes: number;
}

/**
 * Guards `POST /webhooks/:source`: the source must be configured or created over the API (404),
 * the content type accepted (415), the raw body within `maxBodyBytes` or the source's own
 * `max_body_bytes` (413), and the source's verifier must accept the request (401, never saying why). Each step is a protected method, so a subclass can change one of them.
 * @throws UnknownSourceException (404), UnsupportedWebhookMediaTypeException (415),
 *   WebhookTooLargeException (413), InvalidSignatureException (401),
 *   IngestStorageUnavailableException (503, the source store refused the lookup),
 *   RawBodyUnavailableException (500, the app was not created with `{ rawBody: true }`).
 */
@Injectable()
export class WebhookSignatureGuard implements CanActivate {
  constructor(
    @Inject(RESOLVED_INGEST_OPTIONS) protected readonly options: ResolvedIngestOptions,
    @Inject(WebhookVerifierRegistry) protected readonly verifiers: WebhookVerifierRegistry,
    @Inject(Clock) protected readonly clock: Clock,
  ) {}

  /** Counts and logs refusals; set by Nest (a property, so subclasses keep their constructors). */
  @Inject(IngestObserver) protected readonly observer!: IngestObserver;

  /** Finds sources created over the API; set by Nest, like {@link observer}. */
  @Inject(InboundSourceResolver) protected readonly createdSources!: InboundSourceResolver;

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp().getRequest<WebhookHttpRequest>();
    const receivedAt = this.clock.now();
    const source = http.params?.source ?? '';
    // Known once the source is found, so refusals of a created source count under its type.
    let sourceType: string | null = null;
    try {
      const found = await this.findSource(source);
      if (!found) throw new UnknownSourceException();
      sourceType = found.origin.sourceType;
      return await this.checkRequest(http, found, receivedAt);
    } catch (error) {
      this.observer.refused(source, sourceType, error);
      throw error;
    }
  }

  /** The checks after the source was found, in order; throws the first refusal. */
  protected async checkRequest(
    http: WebhookHttpRequest,
    found: FoundSource,
    receivedAt: Date,
  ): Promise<boolean> {
    const { verifier, origin, maxBodyBytes } = found;
    const contentType = this.getContentType(http);
    const accepted = verifier.contentTypes ?? JSON_ONLY;
    if (!accepted.includes(contentType)) throw new UnsupportedWebhookMediaTypeException(accepted);
    const rawBody = this.getRawBody(http);
    if (rawBody.length > maxBodyBytes) throw new WebhookTooLargeException(maxBodyBytes);

    const source = http.params?.source ?? '';
    const request = this.toWebhookRequest(http, source, rawBody, contentType, receivedAt);
    if (!(await this.verify(verifier, request))) this.throwInvalidSignature();
    attachVerifiedWebhook(http, { verifier, request, origin });
    return true;
  }

  /**
   * A configured source by name, else a source created over the API by id (a primary-key lookup,
   * cached): the same 404 for unknown, deleted and another workspace's ids reveals nothing.
   * @throws IngestStorageUnavailableException (503, `Retry-After`) when the source store refuses:
   *   the sender retries later rather than being told the source does not exist.
   */
  protected async findSource(source: string): Promise<FoundSource | null> {
    const configured = this.verifiers.get(source);
    if (configured)
      return {
        verifier: configured,
        origin: { workspace: null, sourceType: null },
        maxBodyBytes: this.options.maxBodyBytes,
      };
    let created;
    try {
      created = await this.createdSources.resolve(source);
    } catch (error) {
      throw new IngestStorageUnavailableException(error);
    }
    if (!created) return null;
    return {
      verifier: created.verifier,
      origin: { workspace: created.source.workspace, sourceType: created.source.type },
      maxBodyBytes: sourceBodyLimit(created.source.options, this.options.maxBodyBytes),
    };
  }

  /** The media type without parameters, lower case. */
  protected getContentType(http: WebhookHttpRequest): string {
    return (http.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  }

  /** The exact body bytes as Nest kept them. */
  protected getRawBody(http: WebhookHttpRequest): Buffer {
    if (Buffer.isBuffer(http.rawBody)) return http.rawBody;
    // Body parsers skip requests that declare no body; those are simply empty.
    const declaresBody =
      http.headers['transfer-encoding'] !== undefined || Number(http.headers['content-length'] ?? 0) > 0;
    if (!declaresBody) return Buffer.alloc(0);
    throw new RawBodyUnavailableException();
  }

  /** What the verifier sees; the URL is the one the sender called (honours Express `trust proxy`). */
  protected toWebhookRequest(
    http: WebhookHttpRequest,
    source: string,
    rawBody: Buffer,
    contentType: string,
    receivedAt: Date,
  ): WebhookRequest {
    const path = http.originalUrl ?? http.url;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(http.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    const host = http.host ?? headers.host ?? 'localhost';
    return {
      source,
      method: http.method.toUpperCase(),
      url: `${http.protocol ?? 'http'}://${host}${path}`,
      path,
      headers,
      rawBody,
      contentType,
      receivedAt,
    };
  }

  /**
   * Runs the verifier; a verifier that throws counts as a failed check (it must not leak a 500),
   * and the reason is logged for the operator, never to the sender.
   */
  protected async verify(verifier: WebhookVerifier, request: WebhookRequest): Promise<boolean> {
    try {
      return (await verifier.verify(request)) === true;
    } catch (error) {
      new Logger(WebhookSignatureGuard.name).warn(verifierThrew(request.source, error));
      return false;
    }
  }

  protected throwInvalidSignature(): never {
    throw new InvalidSignatureException();
  }
}
