/** Start-up and log messages of the ingest library, in one place so wording stays consistent. */

export const prunedEvents = (count: number, retentionDays: number): string =>
  `Pruned ${count} finished inbound events older than ${retentionDays} days.`;

export const pruneFailed = (error: unknown): string =>
  `Pruning inbound events failed: ${error instanceof Error ? error.message : String(error)}`;

/** Problem of the `storage` option when NODE_ENV=production and the in-memory store would be used. */
export const IN_MEMORY_STORE_IN_PRODUCTION =
  'must be a durable store when NODE_ENV=production (the in-memory store loses events on restart): ' +
  'pass storage: new MikroOrmIngestStore(em) from @org/ingest/mikro-orm, or set allowInMemoryStorage: true';

export const RAW_BODY_DISABLED =
  'IngestModule: the application does not keep raw request bodies, so webhook signatures cannot be verified. ' +
  'Create the app with NestFactory.create(AppModule, { rawBody: true }) ' +
  '(in tests: moduleRef.createNestApplication({ rawBody: true })).';

export const NO_JSON_PARSER =
  'IngestModule: no JSON body parser is registered on the application, so webhook bodies cannot be read. ' +
  'Keep Nest\'s body parser (do not pass bodyParser: false, or call app.useBodyParser("json")) ' +
  'and create the app with NestFactory.create(AppModule, { rawBody: true }).';

export const RAW_BODY_CHECK_UNSUPPORTED = (adapter: string): string =>
  `IngestModule: cannot check at start-up that raw bodies are kept on the "${adapter}" adapter; ` +
  'make sure the app was created with { rawBody: true } (requests without a raw body answer 500).';

export const RAW_BODY_MISSING_AT_REQUEST =
  'A webhook request reached IngestModule without a raw body; create the app with { rawBody: true }.';

export const unconfiguredHandlerSource = (handler: string, source: string): string =>
  `${handler} handles webhooks from "${source}", which is not a configured source: it will never run.`;

export const requestScopedHandler = (handler: string): string =>
  `${handler} is request-scoped; @OnWebhook handlers must live on singleton providers and it was skipped.`;

export const handlerFailed = (
  eventId: string,
  attempt: number,
  error: string,
  retryAt: Date | null,
): string =>
  `Inbound event ${eventId} failed on attempt ${attempt}: ${error}` +
  (retryAt ? `; retrying at ${retryAt.toISOString()}` : '; no attempts left, marked failed');

export const leaseLost = (eventId: string): string =>
  `Inbound event ${eventId} was reclaimed by another worker before it finished (lease expired); its work was rolled back.`;

export const processingLoopFailed = (error: string): string =>
  `Inbound event processing stopped for this cycle and will resume on the next sweep: ${error}`;

export const recordFailureFailed = (eventId: string, error: string): string =>
  `Could not record the failure of inbound event ${eventId} (its lease will expire and it will be retried): ${error}`;

export const ENTITY_NOT_DISCOVERED =
  'MikroOrmIngestStore: the IngestEvent entity is not registered with MikroORM; ' +
  'add ...IngestEntities (from @org/ingest/mikro-orm) to the entities of your MikroORM configuration.';

/** Start-up (or first request) problem of a source whose verifier needs an optional peer package that is not installed. */
export const peerPackageMissing = (option: string, packageName: string): string =>
  `IngestModule: ${option} needs the ${packageName} package: npm install ${packageName}`;

/** Why a source created over the API cannot verify: its stored secret does not fit its verifier. */
export const sourceCannotVerify = (sourceId: string, error: unknown): string =>
  `Inbound source ${sourceId} cannot verify signatures (${errorText(error)}): its requests answer 401 until its secret is rotated.`;

/** A verifier threw on a request; the request answers 401. */
export const verifierThrew = (source: string, error: unknown): string =>
  `The verifier of source ${source} threw (${errorText(error)}): the request answers 401.`;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
