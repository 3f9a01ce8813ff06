import type { ModuleRef } from '@nestjs/core';
import { IngestConfigurationError } from '../errors/ingest-configuration.error.js';
import type { WebhookVerifier } from '../interfaces/webhook-verifier.interface.js';
import type { ResolvedIngestOptions } from '../options/resolved-ingest-options.js';
import { HmacWebhookVerifier } from './hmac.verifier.js';
import { HubSpotWebhookVerifier } from './hubspot.verifier.js';
import { WebhookVerifierRegistry } from './webhook-verifier.registry.js';

/**
 * Builds one verifier per configured source. Verifiers that need an optional peer package (`stripe`,
 * `@octokit/webhooks`, `standardwebhooks`) are loaded only when their source is configured, so a host
 * installs only what it uses. Custom verifier classes are instantiated with dependency injection.
 * @throws IngestConfigurationError when a configured source's package is not installed.
 */
export async function createWebhookVerifiers(
  options: ResolvedIngestOptions,
  moduleRef: ModuleRef,
): Promise<WebhookVerifierRegistry> {
  const { stripe, github, hubspot, hmac, standardWebhooks, custom } = options.sources;
  const verifiers = new Map<string, WebhookVerifier>();
  if (stripe) {
    const { StripeWebhookVerifier } = await load(
      () => import('./stripe.verifier.js'),
      'sources.stripe',
      'stripe',
    );
    verifiers.set('stripe', new StripeWebhookVerifier(stripe));
  }
  if (github) {
    const { GitHubWebhookVerifier } = await load(
      () => import('./github.verifier.js'),
      'sources.github',
      '@octokit/webhooks',
    );
    verifiers.set('github', new GitHubWebhookVerifier(github));
  }
  if (hubspot) verifiers.set('hubspot', new HubSpotWebhookVerifier(hubspot));
  for (const [name, source] of Object.entries(hmac)) verifiers.set(name, new HmacWebhookVerifier(source));
  if (Object.keys(standardWebhooks).length > 0) {
    const path = 'sources.standardWebhooks';
    const { StandardWebhooksVerifier } = await load(
      () => import('./standard-webhooks.verifier.js'),
      path,
      'standardwebhooks',
    );
    for (const [name, source] of Object.entries(standardWebhooks))
      verifiers.set(name, new StandardWebhooksVerifier(source));
  }
  for (const [name, verifier] of Object.entries(custom)) {
    verifiers.set(name, typeof verifier === 'function' ? await moduleRef.create(verifier) : verifier);
  }
  return new WebhookVerifierRegistry(verifiers);
}

/**
 * Imports a verifier that needs an optional peer package.
 * @throws IngestConfigurationError naming `option` and the package when it is not installed.
 */
export async function load<T>(importer: () => Promise<T>, option: string, packageName: string): Promise<T> {
  try {
    return await importer();
  } catch (error) {
    const notFound =
      (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' ||
      /Cannot find (module|package)/.test(String(error));
    if (!notFound || !String(error).includes(packageName)) throw error;
    throw new IngestConfigurationError(
      `IngestModule: ${option} needs the ${packageName} package: npm install ${packageName}`,
    );
  }
}
