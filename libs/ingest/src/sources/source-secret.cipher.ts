import type { Provider } from '@nestjs/common';
import { SecretCipher } from '@org/common';
import { RESOLVED_INGEST_OPTIONS, type ResolvedIngestOptions } from '../options/resolved-ingest-options.js';

/**
 * Token of the cipher of source secrets. A token of its own, so the host's webhooks module (which
 * provides `SecretCipher` globally for subscription secrets) never shadows it or is shadowed by it.
 */
export const SOURCE_SECRET_CIPHER = Symbol('SOURCE_SECRET_CIPHER');

/** The cipher over the module's key ring (`secretKeys`, or `secretKey`). */
export const sourceSecretCipherProvider: Provider = {
  provide: SOURCE_SECRET_CIPHER,
  useFactory: (options: ResolvedIngestOptions) => new SecretCipher(options.secretKeys),
  inject: [RESOLVED_INGEST_OPTIONS],
};
