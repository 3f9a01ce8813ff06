import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import {
  Clock,
  openMetricsRegistry,
  registerMetric,
  statusClass,
  type OpenedMetricsRegistry,
} from '@org/common';
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AttemptOutcome } from '../interfaces/delivery.interface.js';
import { SUBSCRIPTION_STATUSES } from '../interfaces/subscription.interface.js';
import {
  RESOLVED_WEBHOOKS_OPTIONS,
  type ResolvedWebhooksOptions,
} from '../options/resolved-webhooks-options.js';
import type { TokenFetchOutcome } from '../oauth2/oauth2-token.client.js';
import { DeliveryMaintenance, type QueueSnapshot } from '../storage/delivery-maintenance.interface.js';
import { SubscriptionStore } from '../storage/subscription-store.interface.js';
import { clientCertificateStates } from './client-certificate-states.js';

/** What became of an attempt: delivered, failed with another attempt scheduled, or failed for good. */
export type DeliveryOutcomeLabel = 'success' | 'retrying' | 'failed';

/** Buckets of `webhooks_delivery_duration_seconds`: 5 ms to the 10 s default timeout and beyond. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The outcome label of a recorded attempt. */
export function outcomeLabel(outcome: AttemptOutcome): DeliveryOutcomeLabel {
  if (outcome.ok) return 'success';
  return outcome.next ? 'retrying' : 'failed';
}

/** What is counted of a counter or histogram: nothing, until prom-client is loaded. */
type Count<Labels extends string> = Pick<Counter<Labels>, 'inc'>;
type Observation<Labels extends string> = Pick<Histogram<Labels>, 'observe'>;
const NOT_COUNTED = { inc: () => undefined, observe: () => undefined };

/**
 * The `webhooks_*` Prometheus metrics, in the registry of the `metricsRegistry` option. Counters and
 * the histogram count this instance's work; the gauges are read from the database at scrape time
 * (one query per scrape), so every instance on one database reports the same backlog. Labels are
 * bounded: no subscription or event ids. prom-client is an optional peer, loaded at module start:
 * without it (and without `metricsRegistry`) nothing is counted and the start-up log says so.
 */
@Injectable()
export class WebhooksMetrics implements OnModuleInit {
  /**
   * The registry holding these metrics (the host's, or the module's own), from module start on;
   * `null` when prom-client is not installed.
   */
  registry: Registry | null = null;
  private readonly logger = new Logger('WebhooksMetrics');
  private eventsPublished: Count<never> = NOT_COUNTED;
  private deliveries: Count<'outcome' | 'status_class'> = NOT_COUNTED;
  private deliveryDuration: Observation<'outcome'> = NOT_COUNTED;
  private oauth2TokenFetches: Count<'outcome'> = NOT_COUNTED;
  private snapshot: Promise<QueueSnapshot | null> | null = null;

  constructor(
    @Inject(RESOLVED_WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    @Inject(DeliveryMaintenance) private readonly store: DeliveryMaintenance,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(SubscriptionStore) private readonly subscriptions: SubscriptionStore,
  ) {}

  /**
   * Loads prom-client and registers the metrics.
   * @throws MissingPeerError when `metricsRegistry` is given but prom-client is not installed.
   */
  async onModuleInit(): Promise<void> {
    const opened = await openMetricsRegistry(this.options.metricsRegistry, 'WebhooksModule', this.logger);
    if (!opened) return;
    const { prom, registry } = opened;
    this.registry = registry;
    const registers: Registry[] = [];
    this.eventsPublished = registerMetric(
      registry,
      new prom.Counter({
        name: 'webhooks_events_published_total',
        help: 'Events published (idempotent repeats not counted).',
        registers,
      }),
    );
    this.deliveries = registerMetric(
      registry,
      new prom.Counter({
        name: 'webhooks_deliveries_total',
        help: 'Delivery attempts made by this instance, by outcome (success, retrying, failed) and HTTP status class.',
        labelNames: ['outcome', 'status_class'] as const,
        registers,
      }),
    );
    this.deliveryDuration = registerMetric(
      registry,
      new prom.Histogram({
        name: 'webhooks_delivery_duration_seconds',
        help: 'Duration of delivery attempts, connect to last byte.',
        labelNames: ['outcome'] as const,
        buckets: DURATION_BUCKETS,
        registers,
      }),
    );
    this.oauth2TokenFetches = registerMetric(
      registry,
      new prom.Counter({
        name: 'webhooks_oauth2_token_fetches_total',
        help: 'OAuth2 token requests made by this instance, by outcome (success, unreachable, refused, unusable).',
        labelNames: ['outcome'] as const,
        registers,
      }),
    );
    this.gauge(
      opened,
      'webhooks_deliveries_pending',
      'Pending attempts of active subscriptions (due or scheduled), across all instances.',
      (gauge, snapshot) => gauge.set(snapshot.pendingDeliveries),
    );
    this.gauge(
      opened,
      'webhooks_oldest_pending_delivery_age_seconds',
      'How long the oldest due attempt has been waiting (0 when none is due), across all instances.',
      (gauge, { oldestDueAt }) =>
        gauge.set(oldestDueAt ? Math.max(0, (this.clock.now().getTime() - oldestDueAt.getTime()) / 1000) : 0),
    );
    this.gauge(
      opened,
      'webhooks_subscriptions',
      'Subscriptions by status.',
      (gauge, snapshot) => {
        for (const status of SUBSCRIPTION_STATUSES)
          gauge.set({ status }, snapshot.subscriptionsByStatus[status]);
      },
      ['status'],
    );
    const readCertificates = () =>
      clientCertificateStates(
        this.subscriptions,
        this.clock.now(),
        this.options.certificateExpiryWarningMs,
      ).catch((error: unknown) => {
        this.logger.warn(`Metrics: client certificates could not be read: ${(error as Error)?.message}`);
        return null;
      });
    registerMetric(
      registry,
      new prom.Gauge({
        name: 'webhooks_client_certificates',
        help: 'Client certificates (mutual TLS) of live subscriptions by state: valid, expiring (within certificateExpiryWarningMs), expired.',
        labelNames: ['state'],
        registers: [],
        async collect() {
          const states = await readCertificates();
          if (states) for (const [state, count] of Object.entries(states)) this.set({ state }, count);
        },
      }),
    );
  }

  /** Counts a stored (not repeated) publish. */
  eventPublished(): void {
    this.eventsPublished.inc();
  }

  /** Counts an attempt's outcome and its duration. */
  attemptFinished(outcome: AttemptOutcome): void {
    const label = outcomeLabel(outcome);
    this.deliveries.inc({ outcome: label, status_class: statusClass(outcome.httpStatus) });
    this.deliveryDuration.observe({ outcome: label }, outcome.durationMs / 1000);
  }

  /** Counts a request to a subscription's OAuth2 token endpoint by its outcome. */
  oauth2TokenFetched(outcome: TokenFetchOutcome): void {
    this.oauth2TokenFetches.inc({ outcome });
  }

  /** A gauge set from the scrape's database snapshot (left as it was when that cannot be read). */
  private gauge(
    { prom, registry }: OpenedMetricsRegistry,
    name: string,
    help: string,
    fill: (gauge: Gauge<string>, snapshot: QueueSnapshot) => void,
    labelNames: string[] = [],
  ): void {
    const read = () => this.readSnapshot();
    registerMetric(
      registry,
      new prom.Gauge({
        name,
        help,
        labelNames,
        registers: [],
        async collect() {
          const snapshot = await read();
          if (snapshot) fill(this, snapshot);
        },
      }),
    );
  }

  /**
   * The database snapshot for this scrape: the three gauges collect at once and share one read (in
   * flight only, so no scrape sees an older one). `null` when it cannot be read: the gauges keep
   * their last values and the scrape still answers with the counters and process metrics.
   */
  private readSnapshot(): Promise<QueueSnapshot | null> {
    if (this.snapshot) return this.snapshot;
    const read = this.store
      .queueSnapshot(this.clock.now())
      .catch((error: unknown) => {
        this.logger.warn(`Metrics: the delivery backlog could not be read: ${(error as Error)?.message}`);
        return null;
      })
      .finally(() => {
        this.snapshot = null;
      });
    this.snapshot = read;
    return read;
  }
}
