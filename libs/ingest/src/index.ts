// Public API of @org/ingest. The Stripe, GitHub and Standard Webhooks verifiers are loaded on demand
// (their packages are optional peers), so they are not exported here.
import './node-floor.check.js';
export * from './ingest.module.js';
export {
  INGEST_MODULE_OPTIONS,
  INGEST_OPTIONS_TYPE,
  INGEST_ASYNC_OPTIONS_TYPE,
  type IngestModuleExtras,
} from './ingest.module-definition.js';
export * from './ingest.constants.js';
export * from './options/ingest-module-options.interface.js';
export * from './options/source-options.interface.js';
export * from './options/resolved-ingest-options.js';
export { resolveIngestOptions } from './options/resolve-ingest-options.js';
export * from './interfaces/inbound-event.interface.js';
export * from './storage/ingest-store.interface.js';
export * from './interfaces/webhook-verifier.interface.js';
export * from './decorators/on-webhook.decorator.js';
export * from './handlers/webhook-handler.registry.js';
export * from './processing/inbound-event.worker.js';
export { nextAttemptAt } from './processing/retry-policy.js';
export * from './receiving/ingest.controller.js';
export * from './management/inbound-events.controller.js';
export * from './receiving/webhook-signature.guard.js';
export * from './receiving/raw-body.check.js';
export * from './receiving/dto/ingest-receipt.dto.js';
export * from './management/dto/inbound-event.dto.js';
export * from './management/dto/list-inbound-events-query.dto.js';
export * from './storage/in-memory/in-memory-ingest.store.js';
export * from './verification/webhook-verifier.registry.js';
export * from './verification/hubspot.verifier.js';
export * from './verification/hmac.verifier.js';
export { parseJsonBody, valueAtPath } from './verification/webhook-body.js';
export * from './signing/hubspot.signature.js';
export * from './errors/invalid-signature.exception.js';
export * from './errors/unknown-source.exception.js';
export * from './errors/webhook-too-large.exception.js';
export * from './errors/unsupported-webhook-media-type.exception.js';
export * from './errors/malformed-webhook.error.js';
export * from './errors/malformed-webhook.exception.js';
export * from './errors/raw-body-unavailable.exception.js';
export * from './errors/ingest-configuration.error.js';
export * from './errors/inbound-event-not-found.exception.js';
export * from './errors/inbound-event-not-retryable.exception.js';
export * from './errors/invalid-ingest-options.error.js';
export * from './errors/ingest-storage-unavailable.exception.js';
export * from './observability/ingest.metrics.js';
export * from './observability/ingest.observer.js';
export * from './observability/ingest.tracer.js';
export * from './interfaces/inbound-source.interface.js';
export { BUILT_IN_SOURCES } from './source-kinds/source-kinds.js';
export * from './storage/inbound-source-store.interface.js';
export * from './storage/in-memory/in-memory-inbound-source.store.js';
export * from './sources/inbound-sources.controller.js';
export * from './sources/inbound-source.resolver.js';
export * from './sources/dto/create-inbound-source.dto.js';
export * from './sources/dto/update-inbound-source.dto.js';
export * from './sources/dto/inbound-source.dto.js';
export * from './verification/slack.verifier.js';
export * from './errors/inbound-source-not-found.exception.js';
export * from './management/dto/retry-inbound-events.dto.js';
export * from './errors/inbound-event-busy.exception.js';
export * from './processing/retention.scheduler.js';
