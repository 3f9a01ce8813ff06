import type { ModuleRef } from '@nestjs/core';
import type { WebhookVerifier } from '../interfaces/webhook-verifier.interface.js';
import type { ResolvedIngestOptions } from '../options/resolved-ingest-options.js';
import { createVerifier, sourceKinds } from '../source-kinds/source-kinds.js';
import { WebhookVerifierRegistry } from './webhook-verifier.registry.js';

/**
 * Builds one verifier per configured source, each kind through its registry entry. Verifiers that
 * need an optional peer package (`stripe`, `@octokit/webhooks`, `standardwebhooks`) are loaded only
 * when their source is configured, so a host installs only what it uses. Custom verifier classes are
 * instantiated with dependency injection.
 * @throws IngestConfigurationError when a configured source's package is not installed.
 */
export async function createWebhookVerifiers(
  options: ResolvedIngestOptions,
  moduleRef: ModuleRef,
): Promise<WebhookVerifierRegistry> {
  const verifiers = new Map<string, WebhookVerifier>();
  // Each kind's group of the resolved options, as resolveSources wrote it.
  const groups = options.sources as unknown as Record<string, unknown>;
  for (const [type, kind] of sourceKinds()) {
    if (!kind.configured) continue;
    const option = `sources.${kind.configured.key}`;
    const group = groups[kind.configured.key];
    if (group === undefined) continue;
    const byName: [string, unknown][] =
      kind.configured.shape === 'single' ? [[type, group]] : Object.entries(group as Record<string, unknown>);
    for (const [name, resolved] of byName) verifiers.set(name, await createVerifier(kind, resolved, option));
  }
  for (const [name, verifier] of Object.entries(options.sources.custom)) {
    verifiers.set(name, typeof verifier === 'function' ? await moduleRef.create(verifier) : verifier);
  }
  return new WebhookVerifierRegistry(verifiers);
}
