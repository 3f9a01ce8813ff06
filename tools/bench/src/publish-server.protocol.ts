// What the publish benchmark (parent) and its server child say to each other, beside the ingest
// suite's messages (listening, cpu, stop), which both children share.
import type { Platform } from './bench.types.js';

/** Which app the child serves: the host app (`@org/api`), or a bare Nest POST route. */
export type PublishServerMode = 'api' | 'bare';

/** The child's settings, passed as JSON in the ingest suite's server variable. */
export interface PublishServerConfig {
  mode: PublishServerMode;
  /** The platform both apps are served on: the host app's `HTTP_ADAPTER`. @default 'express' */
  platform?: Platform;
  /** The host app's database (api mode only; migrated by the app at start). */
  databaseUrl?: string;
  /** The one API key the app accepts (api mode only). */
  apiKey?: string;
  /** Whether the app runs its delivery worker (api mode only). */
  worker?: boolean;
}

/** Both apps serve the same route. */
export const PUBLISH_PATH = '/api/events';

/** The batch route of the host app. */
export const PUBLISH_BATCH_PATH = '/api/events/batch';
