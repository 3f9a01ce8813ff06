import type { AuthorizeOption, Clock } from '@org/common';
import type { Registry } from 'prom-client';
import type { EventDataValidator } from '../catalogue/event-data.validator.js';
import type { WebhooksStorage } from '../storage/webhooks-storage.interface.js';
import type { EventTypeDefinition, WebhooksModuleOptions } from './webhooks-options.interface.js';

/**
 * Options with every default applied and every value validated, made once by
 * `resolveWebhooksOptions`; the rest of the library reads only this.
 */
export interface ResolvedWebhooksOptions {
  /** Who may call the management routes; `null` only when none are mounted (`controllers: false`). */
  authorize: AuthorizeOption | null;
  storage: WebhooksStorage;
  /** The 32-byte AES-256-GCM keys, newest first: the first encrypts, all decrypt. */
  secretKeys: Buffer[];
  /** The catalogue, classes resolved to definitions (their `schema` generated). */
  eventTypes: EventTypeDefinition[];
  /** @internal The compiled schema check of each type that has a schema, by name. */
  eventDataValidators: ReadonlyMap<string, EventDataValidator>;
  allowPrivateUrls: boolean;
  /** The host's name for the `allowPrivateUrls` switch, named by URL refusals; `null`: the option's. */
  privateUrlsSettingName: string | null;
  /** The egress proxy every connection tunnels through; `null`: direct connections. */
  egressProxy: URL | null;
  /** Delay before each attempt, in ms. */
  retrySchedule: number[];
  /** Spread of each retry delay, a fraction (0.1 = ±10 %); 0 means exact delays. */
  retryJitter: number;
  requestTimeoutMs: number;
  maxResponseBodyBytes: number;
  signatureHeader: string;
  standardWebhooksHeaders: boolean;
  userAgent: string;
  secretRotationOverlapMs: number;
  certificateExpiryWarningMs: number;
  disableAfterFailures: number;
  maxEventBytes: number;
  retentionDays: number;
  /** `null` when this instance runs no workers. */
  worker: Required<Exclude<WebhooksModuleOptions['worker'], boolean | undefined>> | null;
  /** Read time through the module's `Clock` provider instead, so `.overrideProvider(Clock)` is honoured. */
  clock: Clock;
  /**
   * Where the `webhooks_*` metrics live: the host's registry, or `null` for one of the module's own
   * (made when the metrics start, if prom-client is installed).
   */
  metricsRegistry: Registry | null;
  traceparentHeader: boolean;
}

/** Injection token of {@link ResolvedWebhooksOptions}. */
export const RESOLVED_WEBHOOKS_OPTIONS = Symbol('ResolvedWebhooksOptions');
