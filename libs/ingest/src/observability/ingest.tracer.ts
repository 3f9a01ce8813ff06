import { trace } from '@opentelemetry/api';

/** Name of the tracer (instrumentation scope) of every `@org/ingest` span. */
export const INGEST_TRACER_NAME = '@org/ingest';

/** The library's tracer from the global provider: a no-op until the host registers an SDK. */
export const ingestTracer = () => trace.getTracer(INGEST_TRACER_NAME);
