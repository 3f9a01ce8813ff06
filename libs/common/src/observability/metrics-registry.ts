import type { Logger } from '@nestjs/common';
// Types only (erased from the JavaScript): prom-client is an optional peer, loaded by
// openMetricsRegistry() when a module starts, so a host without it never loads it.
import type { Metric, Registry } from 'prom-client';
import type { OptionChecker } from '../options/option-checker.js';
import { MissingPeerError, importOptionalPeer } from '../peers/optional-peer.js';
import { COMMON_MESSAGES } from '../common.messages.js';

/** The prom-client module, as loaded at start. */
export type PromClient = typeof import('prom-client');

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
 * The `metricsRegistry` option of a module: the host's prom-client registry, or `null` when left
 * out, which {@link openMetricsRegistry} turns into a registry of the module's own (or no metrics,
 * without prom-client). A value that is no registry is reported to `check`.
 */
export function resolveMetricsRegistry(value: unknown, check: OptionChecker): Registry | null {
  if (value === undefined) return null;
  const methods = ['registerMetric', 'getSingleMetric', 'removeSingleMetric'];
  if (!check.implementation('metricsRegistry', value, methods, ' (a prom-client Registry)')) return null;
  return value as Registry;
}

/** Where a module's metrics go, and the prom-client that makes them. */
export interface OpenedMetricsRegistry {
  prom: PromClient;
  /** The host's registry (the `metricsRegistry` option), or one of the module's own. */
  registry: Registry;
}

/**
 * Loads prom-client, an optional peer, when a module starts: its metrics go to `given` (the
 * resolved `metricsRegistry` option) or, left out, to a registry of the module's own. Without
 * prom-client and without `given` the module counts nothing, and `logger` says so once.
 * @throws MissingPeerError when `given` is set but prom-client cannot be loaded.
 */
export async function openMetricsRegistry(
  given: Registry | null,
  moduleName: string,
  logger: Pick<Logger, 'log'>,
  loadPromClient: () => Promise<PromClient | null> = () =>
    importOptionalPeer('prom-client', () => import('prom-client')),
): Promise<OpenedMetricsRegistry | null> {
  const prom = await loadPromClient();
  if (prom) return { prom, registry: given ?? new prom.Registry() };
  if (given) throw new MissingPeerError('prom-client', COMMON_MESSAGES.metricsNeedPromClient(moduleName));
  logger.log(COMMON_MESSAGES.metricsOff(moduleName));
  return null;
}
