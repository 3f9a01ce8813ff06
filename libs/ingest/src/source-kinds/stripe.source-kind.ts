import type { ResolvedStripeSource } from '../options/resolved-ingest-options.js';
import { sourceSecrets, toleranceSeconds } from '../options/source-option-checks.js';
import { toleranceOption } from './created-source-options.js';
import type { SourceKind, SourceSecretRule } from './source-kind.interface.js';

const SECRET: SourceSecretRule = { shape: 'stripe', issuedByProvider: true };

/** Stripe: `Stripe-Signature`, checked with the official `stripe` package (an optional peer). */
export const stripeSourceKind: SourceKind<ResolvedStripeSource> = {
  secret: SECRET,
  peerPackage: 'stripe',
  configured: {
    key: 'stripe',
    shape: 'single',
    resolve(value, path, check) {
      if (!check.object(path, value)) return undefined;
      check.knownKeys(`${path}.`, value, ['secrets', 'tolerance']);
      return {
        secrets: sourceSecrets(check, `${path}.secrets`, value.secrets, SECRET.shape),
        tolerance: toleranceSeconds(check, `${path}.tolerance`, value.tolerance),
      };
    },
  },
  optionKeys: ['tolerance_seconds'],
  resolveCreated: (options, secrets, check) => ({ secrets, tolerance: toleranceOption(check, options) }),
  async createVerifier(options) {
    const { StripeWebhookVerifier } = await import('../verification/stripe.verifier.js');
    return new StripeWebhookVerifier(options);
  },
};
