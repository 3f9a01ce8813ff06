import { COMMON_MESSAGES } from '../common.messages.js';

/**
 * Start-up refused: stored secrets that no key of the ring opens. Running on would fail every
 * delivery or inbound verification that needs them, so the module stops with what to do instead.
 */
export class UndecryptableStoredSecretsError extends Error {
  override name = 'UndecryptableStoredSecretsError';

  constructor(
    /** How many of the sampled stored secrets no key opens. */
    readonly count: number,
    /** The option or setting that holds the ring, named in the message (e.g. `secretKeys`). */
    readonly setting: string,
    /** How the host re-encrypts, named in the message when given (e.g. `npm run rotate-secret-key`). */
    command?: string,
  ) {
    super(COMMON_MESSAGES.undecryptableStoredSecrets(count, setting, command));
  }
}
