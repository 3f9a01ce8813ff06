import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { OnWebhookMetadata } from '../decorators/on-webhook.decorator.js';
import { ANY, ON_WEBHOOK_METADATA } from '../ingest.constants.js';
import { requestScopedHandler, unconfiguredHandlerSource } from '../ingest.messages.js';
import type { InboundContext, InboundEvent } from '../interfaces/inbound-event.interface.js';
import { INBOUND_SOURCE_TYPES } from '../interfaces/inbound-source.interface.js';
import { WebhookVerifierRegistry } from '../verification/webhook-verifier.registry.js';
import { WebhookHandlerRegistry } from './webhook-handler.registry.js';

/**
 * Finds `@OnWebhook` methods on every provider and controller at module init and registers them.
 * Request-scoped classes cannot be called from the background worker and are skipped with a warning.
 */
@Injectable()
export class IngestExplorer implements OnModuleInit {
  private readonly logger = new Logger('IngestModule');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly handlers: WebhookHandlerRegistry,
    @Inject(WebhookVerifierRegistry) private readonly verifiers: WebhookVerifierRegistry,
  ) {}

  onModuleInit(): void {
    // Source types name sources created over the API later, so they count as configured.
    const configured = new Set<string>([...this.verifiers.sources(), ...INBOUND_SOURCE_TYPES]);
    const seen = new Set<object>();
    for (const wrapper of [...this.discovery.getProviders(), ...this.discovery.getControllers()]) {
      const instance: unknown = wrapper.instance;
      // Aliases (useExisting) expose the same instance again; register its handlers once.
      if (!instance || typeof instance !== 'object' || seen.has(instance)) continue;
      seen.add(instance);
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const method = (instance as Record<string, unknown>)[methodName] as (...args: unknown[]) => unknown;
        const metadata: OnWebhookMetadata[] | undefined = Reflect.getMetadata(ON_WEBHOOK_METADATA, method);
        if (!metadata) continue;
        const name = `${instance.constructor.name}.${methodName}`;
        if (!wrapper.isDependencyTreeStatic()) {
          this.logger.warn(requestScopedHandler(name));
          continue;
        }
        for (const { source, type } of metadata) {
          if (source !== ANY && !configured.has(source))
            this.logger.warn(unconfiguredHandlerSource(name, source));
          this.handlers.register({
            source,
            type,
            name,
            handle: (event: InboundEvent, context: InboundContext) => method.call(instance, event, context),
          });
        }
      }
    }
  }
}
