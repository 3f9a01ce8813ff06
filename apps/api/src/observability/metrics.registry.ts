import { collectDefaultMetrics, Registry } from 'prom-client';

/** Injection token of the app's prom-client {@link Registry}. */
export const METRICS_REGISTRY = Symbol('MetricsRegistry');

/** Injection token of the app's `ObservabilityConfig`. */
export const OBSERVABILITY_CONFIG = Symbol('ObservabilityConfig');

/**
 * The app's one registry: Node's default process metrics, and the libraries' metrics (they are
 * given it as `metricsRegistry`), served together on `/metrics`. One per app instance, so two apps
 * in one process (tests) never share counters.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
