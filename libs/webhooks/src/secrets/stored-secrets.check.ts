import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { assertStoredSecretsReadable, type SecretCiphertextStore } from '@org/common';
import { SubscriptionStore } from '../storage/subscription-store.interface.js';
import { SecretCipher } from './secret-cipher.js';

/**
 * Stops start-up when stored subscription secrets do not open with the key ring (a changed
 * `secretKey`, an old key dropped before re-encryption finished): otherwise every delivery of those
 * subscriptions would fail. Runs before the workers start.
 * @throws UndecryptableStoredSecretsError from `onModuleInit`, naming the fix.
 */
@Injectable()
export class StoredSecretsCheck implements OnModuleInit {
  private readonly logger = new Logger('WebhooksSecrets');

  constructor(
    // Only the re-encryption side of the store: the secrets it holds, never their subscriptions.
    @Inject(SubscriptionStore) private readonly store: SecretCiphertextStore,
    private readonly cipher: SecretCipher,
  ) {}

  /** Tries a sample of the stored secrets not under the newest key. */
  async onModuleInit(): Promise<void> {
    await assertStoredSecretsReadable(this.store, this.cipher, {
      setting: 'WebhooksModule secretKeys',
      warn: (message) => this.logger.warn(message),
    });
  }
}
