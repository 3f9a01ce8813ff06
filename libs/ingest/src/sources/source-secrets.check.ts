import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { assertStoredSecretsReadable, SecretCipher } from '@org/common';
import { InboundSourceStore } from '../storage/inbound-source-store.interface.js';
import { SOURCE_SECRET_CIPHER } from './source-secret.cipher.js';

/**
 * Stops start-up when stored source secrets do not open with the key ring (a changed `secretKey`,
 * an old key dropped before re-encryption finished): otherwise those sources could verify nothing.
 * @throws UndecryptableStoredSecretsError from `onModuleInit`, naming the fix.
 */
@Injectable()
export class SourceSecretsCheck implements OnModuleInit {
  private readonly logger = new Logger('IngestSecrets');

  constructor(
    @Inject(InboundSourceStore) private readonly store: InboundSourceStore,
    @Inject(SOURCE_SECRET_CIPHER) private readonly cipher: SecretCipher,
  ) {}

  /** Tries a sample of the stored secrets not under the newest key. */
  async onModuleInit(): Promise<void> {
    await assertStoredSecretsReadable(this.store, this.cipher, {
      setting: 'IngestModule secretKeys',
      warn: (message) => this.logger.warn(message),
    });
  }
}
