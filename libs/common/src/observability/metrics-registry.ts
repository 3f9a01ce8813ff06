import { Registry, type Metric } from 'prom-client';
import type { OptionChecker } from '../options/option-checker.js';

/**
 * Registers `metric` in `registry`, replacing one of the same name: a second module instance on
 * the same registry (an app recreated in one process, as tests do) takes the name over instead of
 * failing with prom-client's "already registered".
 */
export function registerMetric<T extends Metric>(registry: Registry, metric: T): T {
  const name = (metric as unknown as { name: string }).name;
  if (registry.getSingleMetric(name)) registry.removeSingleMetric(name);
  registry.registerMetric(metric);
  return metric;
}

/** `2xx` … `5xx` for an HTTP status, `none` when no answer came (timeout, refused, blocked). */
export function statusClass(httpStatus: number | null | undefined): string {
  if (!httpStatus || httpStatus < 100 || httpStatus > 599) return 'none';
  return `${Math.floor(httpStatus / 100)}xx`;
}

/**
 * The `metricsRegistry` option of a module: the host's prom-client registry, or (left out) a new
 * one of the module's own. A value that is no registry is reported to `check`.
 */
export function resolveMetricsRegistry(value: unknown, check: OptionChecker): Registry {
  if (value === undefined) return new Registry();
  const methods = ['registerMetric', 'getSingleMetric', 'removeSingleMetric'];
  if (!check.implementation('metricsRegistry', value, methods, ' (a prom-client Registry)'))
    return new Registry();
  return value as Registry;
}
