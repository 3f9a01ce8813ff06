import { Inject, Injectable, Logger } from '@nestjs/common';
import { activeTraceparent, contextFromTraceparent, traced } from '@org/common';
import { SpanKind } from '@opentelemetry/api';
import { IngestStorageUnavailableException } from '../errors/ingest-storage-unavailable.exception.js';
import { InvalidSignatureException } from '../errors/invalid-signature.exception.js';
import { MalformedWebhookException } from '../errors/malformed-webhook.exception.js';
import { UnknownSourceException } from '../errors/unknown-source.exception.js';
import { UnsupportedWebhookMediaTypeException } from '../errors/unsupported-webhook-media-type.exception.js';
import { WebhookTooLargeException } from '../errors/webhook-too-large.exception.js';
import type { InboundEventRecord } from '../interfaces/inbound-event.interface.js';
import type { WebhookRequest } from '../interfaces/webhook-verifier.interface.js';
import type { IngestReceiptDto } from '../receiving/dto/ingest-receipt.dto.js';
import { WebhookVerifierRegistry } from '../verification/webhook-verifier.registry.js';
import { IngestMetrics, type HandlerRunOutcome, type IngestRequestResult } from './ingest.metrics.js';
import { ingestTracer } from './ingest.tracer.js';

/**
 * What the ingest path reports, in one place: one log line (`debug` when taken in, `warn` when
 * refused) and one count per inbound request, the receive span (whose context is stored with the
 * events) and one span per handler run, a child of it. Log lines carry the source, result, ids and status only: never a signature, secret or body.
 */
@Injectable()
export class IngestObserver {
  private readonly logger = new Logger('IngestRequests');

  constructor(
    private readonly metrics: IngestMetrics,
    @Inject(WebhookVerifierRegistry) private readonly verifiers: WebhookVerifierRegistry,
  ) {}

  /**
   * A request the guard refused (`error` is what it threw); `sourceType` is the type of the source
   * created over the API it was for, once found (`null`: configured or not found).
   */
  refused(source: string, sourceType: string | null, error: unknown): void {
    this.answered(this.sourceLabel(source, sourceType), resultOf(error), { status: statusOf(error) });
  }

  /**
   * Runs the storing of a verified request in the receive span; `work` gets the `traceparent` to
   * store with the events. Counts and logs the result, refusals included.
   */
  receive(
    request: WebhookRequest,
    sourceType: string | null,
    work: (traceContext: string | null) => Promise<IngestReceiptDto>,
  ): Promise<IngestReceiptDto> {
    const label = this.sourceLabel(request.source, sourceType);
    const attributes = { 'ingest.source': request.source };
    return traced(ingestTracer(), 'ingest.receive', { kind: SpanKind.SERVER, attributes }, async (span) => {
      try {
        const receipt = await work(activeTraceparent());
        span.setAttribute('ingest.event_ids', receipt.ids);
        span.setAttribute('ingest.duplicate', receipt.duplicate);
        this.answered(label, receipt.duplicate ? 'duplicate' : 'accepted', {
          status: 200,
          ids: receipt.ids,
        });
        return receipt;
      } catch (error) {
        this.answered(label, resultOf(error), {
          status: statusOf(error),
          ...(error instanceof IngestStorageUnavailableException ? { error: describeCause(error) } : {}),
        });
        throw error;
      }
    });
  }

  /** Runs one handling of a stored event in a span continuing its receive trace; counts and returns the outcome. */
  async handle(
    record: InboundEventRecord,
    run: () => Promise<HandlerRunOutcome>,
  ): Promise<HandlerRunOutcome> {
    const attributes = {
      'ingest.source': record.source,
      'ingest.event_id': record.id,
      'ingest.event_type': record.type,
      'ingest.attempt': record.attempts,
    };
    const outcome = await traced(
      ingestTracer(),
      'ingest.handle',
      { kind: SpanKind.CONSUMER, attributes },
      async (span) => {
        const result = await run();
        span.setAttribute('ingest.outcome', result);
        return result;
      },
      contextFromTraceparent(record.traceContext),
    );
    this.metrics.handlerRun(this.sourceLabel(record.source, record.sourceType), outcome);
    return outcome;
  }

  /** A verified handshake answered without storing anything (Slack's `url_verification`). */
  challengeAnswered(request: WebhookRequest, sourceType: string | null): void {
    this.answered(this.sourceLabel(request.source, sourceType), 'challenge', { status: 200 });
  }

  private answered(
    label: string,
    result: IngestRequestResult,
    fields: { status: number; ids?: string[]; error?: string },
  ): void {
    this.metrics.request(label, result);
    const line = { msg: `inbound webhook ${result}`, source: label, result, ...fields };
    // A webhook taken in is routine, one per event: at `debug`, so the default level costs nothing per
    // request; a refusal is worth an operator's look.
    if (result === 'accepted' || result === 'duplicate' || result === 'challenge') this.logger.debug(line);
    else this.logger.warn(line);
  }

  /**
   * A configured source's name; a source created over the API counts under its type (`api:stripe`),
   * so neither tenants nor a scanner can grow the label set; anything else is `unknown`.
   */
  private sourceLabel(source: string, sourceType: string | null): string {
    if (this.verifiers.get(source)) return source;
    return sourceType ? `api:${sourceType}` : 'unknown';
  }
}

function resultOf(error: unknown): IngestRequestResult {
  if (error instanceof UnknownSourceException) return 'unknown_source';
  if (error instanceof UnsupportedWebhookMediaTypeException) return 'unsupported_media_type';
  if (error instanceof WebhookTooLargeException) return 'too_large';
  if (error instanceof InvalidSignatureException) return 'invalid_signature';
  if (error instanceof MalformedWebhookException) return 'malformed';
  if (error instanceof IngestStorageUnavailableException) return 'unavailable';
  return 'error';
}

function statusOf(error: unknown): number {
  const status = (error as { getStatus?: () => number } | null)?.getStatus?.();
  return typeof status === 'number' ? status : 500;
}

/** The storage error's name and code only: a driver message may quote the values it was given. */
function describeCause(error: Error): string {
  const cause = error.cause as { name?: unknown; code?: unknown } | null | undefined;
  const name = typeof cause?.name === 'string' ? cause.name : 'Error';
  return typeof cause?.code === 'string' ? `${name} ${cause.code}` : name;
}
