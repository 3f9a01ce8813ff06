import { trace } from '@opentelemetry/api';

/** Name of the tracer (instrumentation scope) of every `@org/webhooks` span. */
export const WEBHOOKS_TRACER_NAME = '@org/webhooks';

/**
 * The library's tracer, taken from the global provider at each call: a no-op until the host
 * registers an OpenTelemetry SDK, whenever it does so.
 */
export const webhooksTracer = () => trace.getTracer(WEBHOOKS_TRACER_NAME);
