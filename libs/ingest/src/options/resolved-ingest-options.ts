import type { Type } from '@nestjs/common';
import type { AuthorizeOption, Clock } from '@org/common';
import type { Registry } from 'prom-client';
import type { InboundSourceStore } from '../storage/inbound-source-store.interface.js';
import type { IngestStore } from '../storage/ingest-store.interface.js';
import type { WebhookVerifier } from '../interfaces/webhook-verifier.interface.js';
import type {
  GitHubSourceOptions,
  HmacSourceOptions,
  HubSpotSourceOptions,
  StandardWebhooksSourceOptions,
  StripeSourceOptions,
} from './source-options.interface.js';

/** Stripe options with defaults applied. */
export type ResolvedStripeSource = Required<StripeSourceOptions>;
/** GitHub options with defaults applied. */
export type ResolvedGitHubSource = Required<GitHubSourceOptions>;
/** HubSpot options with defaults applied (`publicUrl` stays optional: absent means "the request's own"). */
export type ResolvedHubSpotSource = Required<Omit<HubSpotSourceOptions, 'publicUrl'>> & {
  publicUrl?: string;
};
/** HMAC source options with defaults applied. */
export type ResolvedHmacSource = Required<
  Pick<
    HmacSourceOptions,
    | 'secrets'
    | 'header'
    | 'algorithm'
    | 'encoding'
    | 'prefix'
    | 'toleranceSeconds'
    | 'signedPayload'
    | 'idField'
    | 'typeField'
  >
> &
  Pick<HmacSourceOptions, 'timestampHeader' | 'idHeader' | 'typeHeader'>;
/** Standard Webhooks options with defaults applied. */
export type ResolvedStandardWebhooksSource = Required<StandardWebhooksSourceOptions>;

/** The module's options after validation, with every default merged in once. */
export interface ResolvedIngestOptions {
  /** Who may call the management routes; `null` only when none are mounted (`controllers: false`). */
  authorize: AuthorizeOption | null;
  sources: {
    stripe?: ResolvedStripeSource;
    github?: ResolvedGitHubSource;
    hubspot?: ResolvedHubSpotSource;
    hmac: Record<string, ResolvedHmacSource>;
    standardWebhooks: Record<string, ResolvedStandardWebhooksSource>;
    custom: Record<string, Type<WebhookVerifier> | WebhookVerifier>;
  };
  storage: IngestStore;
  sourceStorage: InboundSourceStore;
  /** The base URL in front of source URLs, without a trailing slash; `null`: from the request. */
  publicUrl: string | null;
  /** The keys of source secrets, newest first: the first encrypts, all decrypt. */
  secretKeys: Buffer[];
  maxBodyBytes: number;
  retentionDays: number;
  retry: { attempts: number; backoffMs: number; backoffFactor: number; maxBackoffMs: number };
  worker: { enabled: boolean; concurrency: number; leaseMs: number; sweepIntervalMs: number };
  clock: Clock;
  /**
   * Where the `ingest_*` metrics live: the host's registry, or `null` for one of the module's own
   * (made when the metrics start, if prom-client is installed).
   */
  metricsRegistry: Registry | null;
  checkRawBodyAtStartup: boolean;
}

/** Injection token of the {@link ResolvedIngestOptions}, built once by `resolvedOptionsProvider`. */
export const RESOLVED_INGEST_OPTIONS = Symbol('RESOLVED_INGEST_OPTIONS');
