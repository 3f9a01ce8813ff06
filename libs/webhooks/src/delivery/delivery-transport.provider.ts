import type { OnApplicationShutdown, Provider } from '@nestjs/common';
import {
  RESOLVED_WEBHOOKS_OPTIONS,
  type ResolvedWebhooksOptions,
} from '../options/resolved-webhooks-options.js';
import type { WebhookTransportOptions } from '../transport/webhook-transport.options.js';
import { WebhookTransport } from '../transport/webhook-transport.js';

/** The module's transport, closing its pooled connections when the application shuts down. */
class ManagedWebhookTransport extends WebhookTransport implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}

/**
 * One {@link WebhookTransport} per module, from the resolved options (timeout, response body limit,
 * private URL policy, User-Agent, egress proxy). Its keep-alive pool per origin is as large as the worker's
 * overall concurrency, so many subscriptions on one host are not throttled by the pool.
 * Inject `WebhookTransport`; tests may override the provider (e.g. with a custom resolver).
 */
export const deliveryTransportProvider: Provider = {
  provide: WebhookTransport,
  useFactory: (options: ResolvedWebhooksOptions) => new ManagedWebhookTransport(transportOptionsOf(options)),
  inject: [RESOLVED_WEBHOOKS_OPTIONS],
};

/** The transport settings the resolved module options give (also the test kit's capturing transport's). */
export function transportOptionsOf(options: ResolvedWebhooksOptions): WebhookTransportOptions {
  return {
    timeoutMs: options.requestTimeoutMs,
    maxResponseBodyBytes: options.maxResponseBodyBytes,
    allowPrivateAddresses: options.allowPrivateUrls,
    connectionsPerOrigin: Math.max(10, options.worker?.concurrency ?? 10),
    userAgent: options.userAgent,
    ...(options.egressProxy ? { proxy: options.egressProxy } : {}),
  };
}
