import type { ResolvedStandardWebhooksSource } from '../options/resolved-ingest-options.js';
import { sourceSecrets, toleranceSeconds } from '../options/source-option-checks.js';
import { toleranceOption } from './created-source-options.js';
import type { SourceKind, SourceSecretRule } from './source-kind.interface.js';

const SECRET: SourceSecretRule = { shape: 'standard_webhooks', issuedByProvider: false };

/**
 * Standard Webhooks (Svix and other senders), signed with the `standardwebhooks` package (an
 * optional peer); configured by name.
 */
export const standardWebhooksSourceKind: SourceKind<ResolvedStandardWebhooksSource> = {
  secret: SECRET,
  peerPackage: 'standardwebhooks',
  configured: {
    key: 'standardWebhooks',
    shape: 'named',
    resolve(value, path, check) {
      if (!check.object(path, value)) return undefined;
      check.knownKeys(`${path}.`, value, ['secrets', 'toleranceSeconds']);
      return {
        secrets: sourceSecrets(check, `${path}.secrets`, value.secrets, SECRET.shape),
        toleranceSeconds: toleranceSeconds(check, `${path}.toleranceSeconds`, value.toleranceSeconds),
      };
    },
  },
  optionKeys: ['tolerance_seconds'],
  resolveCreated: (options, secrets, check) => ({
    secrets,
    toleranceSeconds: toleranceOption(check, options),
  }),
  async createVerifier(options) {
    const { StandardWebhooksVerifier } = await import('../verification/standard-webhooks.verifier.js');
    return new StandardWebhooksVerifier(options);
  },
};
