import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@org/common';
import type { StoredSecret } from '../interfaces/subscription.interface.js';
import {
  RESOLVED_WEBHOOKS_OPTIONS,
  type ResolvedWebhooksOptions,
} from '../options/resolved-webhooks-options.js';
import { generateSecret } from '../signing/secret.js';
import { SecretCipher } from './secret-cipher.js';
import { pruneExpiredSecrets, rotateSecrets } from './secret-rotation.js';

/** A plain secret to hand to the caller once, and the stored (encrypted) secrets that go with it. */
export interface IssuedSecret {
  plain: string;
  secrets: StoredSecret[];
}

/**
 * Issues, rotates and reads subscription signing secrets. Plain secrets exist only in memory: they are
 * encrypted before storage and returned to the API caller once; nothing here logs them.
 */
@Injectable()
export class SubscriptionSecrets {
  constructor(
    private readonly cipher: SecretCipher,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(RESOLVED_WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
  ) {}

  /** The secrets of a new subscription: the caller's own or a generated `whsec_` one. */
  issue(plain: string = generateSecret()): IssuedSecret {
    return { plain, secrets: [this.store(plain)] };
  }

  /** Rotation: a new current secret, the old one signing beside it for `secretRotationOverlapMs`. */
  rotate(current: readonly StoredSecret[], plain: string = generateSecret()): IssuedSecret {
    return {
      plain,
      secrets: rotateSecrets(
        current,
        this.store(plain),
        this.clock.now(),
        this.options.secretRotationOverlapMs,
      ),
    };
  }

  /** Replacement without overlap (a `secret` in `PATCH /webhooks/:id`): only `plain` signs from now on. */
  replace(plain: string): StoredSecret[] {
    return [this.store(plain)];
  }

  /** The secrets without the expired ones, or `null` when none expired (nothing to write). */
  pruned(secrets: readonly StoredSecret[]): StoredSecret[] | null {
    const kept = pruneExpiredSecrets(secrets, this.clock.now());
    return kept.length === secrets.length ? null : kept;
  }

  /** The plain secrets that sign at `now`, newest first, as the signer wants them. */
  activePlainSecrets(secrets: readonly StoredSecret[], now: Date = this.clock.now()): string[] {
    return pruneExpiredSecrets(secrets, now).map((secret) => this.cipher.decrypt(secret.ciphertext));
  }

  private store(plain: string): StoredSecret {
    return { ciphertext: this.cipher.encrypt(plain), createdAt: this.clock.now(), expiresAt: null };
  }
}
