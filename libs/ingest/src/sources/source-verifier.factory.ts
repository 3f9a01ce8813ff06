import type { WebhookVerifier } from '../interfaces/webhook-verifier.interface.js';
import { load } from '../verification/create-webhook-verifiers.js';
import { HmacWebhookVerifier } from '../verification/hmac.verifier.js';
import { HubSpotWebhookVerifier } from '../verification/hubspot.verifier.js';
import { SlackWebhookVerifier } from '../verification/slack.verifier.js';
import type { SourceVerifierOptions } from './source-type-options.js';

/**
 * The verifier of a source created over the API: the same verifiers as configured sources, with
 * Shopify and Slack as presets of the generic HMAC one. Peer packages load on first use.
 */
export async function createSourceVerifier(resolved: SourceVerifierOptions): Promise<WebhookVerifier> {
  switch (resolved.type) {
    case 'stripe': {
      const { StripeWebhookVerifier } = await load(
        () => import('../verification/stripe.verifier.js'),
        'type stripe',
        'stripe',
      );
      return new StripeWebhookVerifier(resolved.options);
    }
    case 'github': {
      const { GitHubWebhookVerifier } = await load(
        () => import('../verification/github.verifier.js'),
        'type github',
        '@octokit/webhooks',
      );
      return new GitHubWebhookVerifier(resolved.options);
    }
    case 'standard_webhooks': {
      const { StandardWebhooksVerifier } = await load(
        () => import('../verification/standard-webhooks.verifier.js'),
        'type standard_webhooks',
        'standardwebhooks',
      );
      return new StandardWebhooksVerifier(resolved.options);
    }
    case 'hubspot':
      return new HubSpotWebhookVerifier(resolved.options);
    case 'slack':
      return new SlackWebhookVerifier(resolved.options);
    case 'hmac':
    case 'shopify':
      return new HmacWebhookVerifier(resolved.options);
  }
}
