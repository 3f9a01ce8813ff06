// What the ingest benchmark (parent) and its server child say to each other. Kept apart from the
// fixture so the child imports nothing that starts or hooks PostgreSQL.
import type { Platform } from './bench.types.js';

/** Which app the child serves: the ingest gateway, or the bare Nest baseline. */
export type IngestServerMode = 'ingest' | 'bare';

/** The child's settings, passed as JSON in {@link INGEST_SERVER_CONFIG_ENV}. */
export interface IngestServerConfig {
  mode: IngestServerMode;
  /** The platform the app is served on (both modes). @default 'express' */
  platform?: Platform;
  /** The migrated database of the ingest store (ingest mode only). */
  databaseUrl?: string;
  /** The Stripe endpoint secret the requests are signed with (ingest mode only). */
  stripeSecret?: string;
  /** Key of the source secrets (base64; ingest mode only). */
  sourceSecretKey?: string;
  /** Connections in the child's database pool (ingest mode only). */
  poolMax?: number;
}

/** Environment variable carrying the {@link IngestServerConfig}. */
export const INGEST_SERVER_CONFIG_ENV = 'BENCH_INGEST_SERVER';

/** Child → parent, once the app listens. */
export interface IngestServerListening {
  type: 'listening';
  port: number;
}

/** Parent → child: close the app (draining requests) and exit. */
export const STOP_MESSAGE = 'stop';

/** Parent → child: report the CPU time used so far. */
export const CPU_MESSAGE = 'cpu';

/** Child → parent, the answer to {@link CPU_MESSAGE}: `process.cpuUsage()`, user + system, µs. */
export interface IngestServerCpu {
  type: 'cpu';
  micros: number;
}

/** Both apps serve the same route shape, so routing costs the same. */
export const WEBHOOK_PATH = '/webhooks/stripe';
