import type { ResolvedGitHubSource } from '../options/resolved-ingest-options.js';
import { sourceSecrets } from '../options/source-option-checks.js';
import type { SourceKind, SourceSecretRule } from './source-kind.interface.js';

const SECRET: SourceSecretRule = { shape: 'shared', issuedByProvider: false };

/** GitHub: `X-Hub-Signature-256`, checked with `@octokit/webhooks` (an optional peer). */
export const githubSourceKind: SourceKind<ResolvedGitHubSource> = {
  secret: SECRET,
  peerPackage: '@octokit/webhooks',
  configured: {
    key: 'github',
    shape: 'single',
    resolve(value, path, check) {
      if (!check.object(path, value)) return undefined;
      check.knownKeys(`${path}.`, value, ['secrets']);
      return { secrets: sourceSecrets(check, `${path}.secrets`, value.secrets, SECRET.shape) };
    },
  },
  optionKeys: [],
  resolveCreated: (_options, secrets) => ({ secrets }),
  async createVerifier(options) {
    const { GitHubWebhookVerifier } = await import('../verification/github.verifier.js');
    return new GitHubWebhookVerifier(options);
  },
};
