import { Inject, Injectable, Logger } from '@nestjs/common';
import { contextFromTraceparent, formatTraceparent, traceIdOf, traced } from '@org/common';
import { SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';
import type { AttemptOutcome, ClaimedDelivery } from '../interfaces/delivery.interface.js';
import {
  RESOLVED_WEBHOOKS_OPTIONS,
  type ResolvedWebhooksOptions,
} from '../options/resolved-webhooks-options.js';
import type { TransportResult } from '../transport/transport-result.js';
import { outcomeLabel, WebhooksMetrics } from './webhooks.metrics.js';
import { webhooksTracer } from './webhooks.tracer.js';

/**
 * What the delivery engine reports about each attempt, in one place: its spans (the attempt, a
 * child of the event's stored publish context, and the HTTP client span), its metrics and its one
 * log line (`debug` for a success, `warn` otherwise). The line carries ids, status and reason only: never a secret, a signature or a body.
 */
@Injectable()
export class DeliveryObserver {
  private readonly logger = new Logger('WebhooksDelivery');

  constructor(
    @Inject(RESOLVED_WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    private readonly metrics: WebhooksMetrics,
  ) {}

  /**
   * Runs `send` inside the attempt's spans; `send` gets the `traceparent` header to add when the
   * `traceparentHeader` option is on (otherwise `null`).
   */
  attempt(
    claim: ClaimedDelivery,
    send: (traceparent: string | null) => Promise<TransportResult>,
  ): Promise<TransportResult> {
    const tracer = webhooksTracer();
    const attributes = {
      'webhooks.delivery_id': claim.id,
      'webhooks.event_id': claim.eventId,
      'webhooks.event_type': claim.eventType,
      'webhooks.subscription_id': claim.subscriptionId,
      'webhooks.attempt': claim.attempt,
    };
    return traced(
      tracer,
      'webhooks.deliver',
      { kind: SpanKind.INTERNAL, attributes },
      async (span) => {
        const result = await traced(
          tracer,
          'POST',
          { kind: SpanKind.CLIENT, attributes: { 'http.request.method': 'POST', ...serverOf(claim.url) } },
          async (client) => {
            const traceparent = this.options.traceparentHeader
              ? formatTraceparent(client.spanContext())
              : null;
            const sent = await send(traceparent);
            describeResult(client, sent);
            return sent;
          },
        );
        describeResult(span, result);
        return result;
      },
      contextFromTraceparent(claim.traceContext),
    );
  }

  /**
   * Counts the outcome and writes its log line. `sent` is what the transport reported: where the
   * record holds less (a destination that does not resolve or is refused, recorded without the host's
   * resolution), the line carries the transport's own sentence as `detail`, for operators only.
   */
  finished(claim: ClaimedDelivery, outcome: AttemptOutcome, sent: TransportResult): void {
    this.metrics.attemptFinished(outcome);
    const label = outcomeLabel(outcome);
    const line = {
      msg: `delivery ${label}`,
      outcome: label,
      delivery_id: claim.id,
      event_id: claim.eventId,
      event_type: claim.eventType,
      subscription_id: claim.subscriptionId,
      attempt: claim.attempt,
      http_status: outcome.httpStatus,
      duration_ms: Math.round(outcome.durationMs),
      ...(outcome.error ? { error: outcome.error } : {}),
      ...(sent.error !== null && sent.errorCode !== outcome.errorClass ? { detail: sent.error } : {}),
      ...(outcome.next ? { next_attempt_at: outcome.next.at.toISOString() } : {}),
      ...(traceIdOf(claim.traceContext) ? { trace_id: traceIdOf(claim.traceContext) } : {}),
    };
    // A success is routine, one per attempt: at `debug`, so the default level costs nothing per event.
    if (label === 'success') this.logger.debug(line);
    else this.logger.warn(line);
  }
}

/** `server.address`/`server.port` of the endpoint: never the full URL, whose query may hold a token. */
function serverOf(url: string): Record<string, string | number> {
  try {
    const parsed = new URL(url);
    const port = parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80;
    return { 'server.address': parsed.hostname, 'server.port': port };
  } catch {
    return {};
  }
}

function describeResult(span: Span, result: TransportResult): void {
  if (result.httpStatus !== null) span.setAttribute('http.response.status_code', result.httpStatus);
  if (!result.ok) {
    if (result.errorCode) span.setAttribute('error.type', result.errorCode);
    span.setStatus({ code: SpanStatusCode.ERROR, message: result.error ?? 'delivery failed' });
  }
}
