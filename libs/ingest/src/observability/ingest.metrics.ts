import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { openMetricsRegistry, registerMetric } from '@org/common';
import type { Counter, Registry } from 'prom-client';
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

/** A counter that counts nothing, until prom-client is loaded. */
const NOT_COUNTED = { inc: () => undefined };

/**
 * The `ingest_*` Prometheus metrics, in the registry of the `metricsRegistry` option. The `source`
 * label is a configured source name, `api:<type>` for sources created over the API, `unknown` for
 * anything else, so it grows neither with traffic nor with tenants. prom-client is an optional
 * peer, loaded at module start: without it (and without `metricsRegistry`) nothing is counted and
 * the start-up log says so.
 */
@Injectable()
export class IngestMetrics implements OnModuleInit {
  /**
   * The registry holding these metrics (the host's, or the module's own), from module start on;
   * `null` when prom-client is not installed.
   */
  registry: Registry | null = null;
  private readonly logger = new Logger('IngestMetrics');
  private requests: Pick<Counter<'source' | 'result'>, 'inc'> = NOT_COUNTED;
  private handlerRuns: Pick<Counter<'source' | 'outcome'>, 'inc'> = NOT_COUNTED;

  constructor(@Inject(RESOLVED_INGEST_OPTIONS) private readonly options: ResolvedIngestOptions) {}

  /**
   * Loads prom-client and registers the metrics.
   * @throws MissingPeerError when `metricsRegistry` is given but prom-client is not installed.
   */
  async onModuleInit(): Promise<void> {
    const opened = await openMetricsRegistry(this.options.metricsRegistry, 'IngestModule', this.logger);
    if (!opened) return;
    const { prom, registry } = opened;
    this.registry = registry;
    this.requests = registerMetric(
      registry,
      new prom.Counter({
        name: 'ingest_requests_total',
        help: 'Inbound webhook requests by source and result (accepted, duplicate, invalid_signature, too_large, ...).',
        labelNames: ['source', 'result'] as const,
        registers: [],
      }),
    );
    this.handlerRuns = registerMetric(
      registry,
      new prom.Counter({
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
