import { Inject, Injectable } from '@nestjs/common';
import { registerMetric } from '@org/common';
import { Counter, type Registry } from 'prom-client';
import { RESOLVED_INGEST_OPTIONS, type ResolvedIngestOptions } from '../options/resolved-ingest-options.js';

/**
 * How a request to `POST /webhooks/:source` ended: `accepted` (stored), `duplicate` (already
 * stored), `challenge` (a verified handshake answered, nothing stored), or why it was refused.
 */
export type IngestRequestResult =
  | 'accepted'
  | 'duplicate'
  | 'challenge'
  | 'unknown_source'
  | 'unsupported_media_type'
  | 'too_large'
  | 'invalid_signature'
  | 'malformed'
  | 'unavailable'
  | 'error';

/**
 * How one handling of a stored event ended (its handlers that had not yet succeeded, in one
 * transaction): `retrying`/`failed` when any of them failed.
 */
export type HandlerRunOutcome = 'success' | 'retrying' | 'failed' | 'lease_lost';

/**
 * The `ingest_*` Prometheus metrics, in the registry of the `metricsRegistry` option. The `source`
 * label is a configured source name, `api:<type>` for sources created over the API, `unknown` for
 * anything else, so it grows neither with traffic nor with tenants.
 */
@Injectable()
export class IngestMetrics {
  /** The registry holding these metrics (the host's, or the module's own). */
  readonly registry: Registry;
  private readonly requests: Counter<'source' | 'result'>;
  private readonly handlerRuns: Counter<'source' | 'outcome'>;

  constructor(@Inject(RESOLVED_INGEST_OPTIONS) options: ResolvedIngestOptions) {
    this.registry = options.metricsRegistry;
    this.requests = registerMetric(
      this.registry,
      new Counter({
        name: 'ingest_requests_total',
        help: 'Inbound webhook requests by source and result (accepted, duplicate, invalid_signature, too_large, ...).',
        labelNames: ['source', 'result'] as const,
        registers: [],
      }),
    );
    this.handlerRuns = registerMetric(
      this.registry,
      new Counter({
        name: 'ingest_handler_runs_total',
        help: 'Handlings of stored inbound events by source and outcome (success, retrying, failed, lease_lost).',
        labelNames: ['source', 'outcome'] as const,
        registers: [],
      }),
    );
  }

  /** Counts one inbound request. */
  request(source: string, result: IngestRequestResult): void {
    this.requests.inc({ source, result });
  }

  /** Counts one handling of a stored event. */
  handlerRun(source: string, outcome: HandlerRunOutcome): void {
    this.handlerRuns.inc({ source, outcome });
  }
}
