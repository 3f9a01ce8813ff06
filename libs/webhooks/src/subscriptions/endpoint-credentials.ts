import { Injectable } from '@nestjs/common';
import type {
  ClientCertificate,
  StoredCredential,
  SubscriptionPatch,
} from '../interfaces/subscription.interface.js';
import { SecretCipher } from '../secrets/secret-cipher.js';
import { InvalidSubscriptionException } from '../errors/invalid-subscription.exception.js';
import { checkClientTls, type ClientTlsInput } from './client-certificate.check.js';

/** Custom headers and client certificate as given (absent: unchanged, `null`: removed). */
export interface EndpointCredentialsInput {
  headers?: Record<string, string> | null;
  tls?: ClientTlsInput | null;
}

/**
 * Turns a subscription's custom headers and client certificate into what is stored: every header
 * value and the private key encrypted into `credentials` (so the key-ring rotation re-encrypts them
 * with the signing secrets), the certificate's public part into `tls`. Other credentials (OAuth2)
 * are kept as they are.
 */
@Injectable()
export class EndpointCredentials {
  constructor(private readonly cipher: SecretCipher) {}

  /**
   * The `credentials` and `tls` of a patch applying `input` to `current`; `{}` when neither changes.
   * @throws InvalidSubscriptionException when the certificate or key is refused (callers that skipped
   * the policy, e.g. hosts calling the service).
   */
  apply(
    current: { credentials: readonly StoredCredential[]; tls: ClientCertificate | null },
    input: EndpointCredentialsInput,
    now: Date,
  ): Pick<SubscriptionPatch, 'credentials' | 'tls'> {
    if (input.headers === undefined && input.tls === undefined) return {};
    let credentials = [...current.credentials];
    const patch: Pick<SubscriptionPatch, 'credentials' | 'tls'> = {};
    if (input.headers !== undefined) {
      credentials = credentials.filter((credential) => credential.use !== 'header');
      for (const [name, value] of Object.entries(input.headers ?? {}))
        credentials.push({ use: 'header', name, ciphertext: this.cipher.encrypt(value) });
    }
    if (input.tls !== undefined) {
      credentials = credentials.filter((credential) => credential.use !== 'tls_client_key');
      patch.tls = null;
      if (input.tls !== null) {
        const check = checkClientTls(input.tls, now);
        if (!check.ok) throw new InvalidSubscriptionException(check.problems);
        patch.tls = check.certificate;
        credentials.push({ use: 'tls_client_key', ciphertext: this.cipher.encrypt(input.tls.clientKey) });
      }
    }
    return { ...patch, credentials };
  }
}

/** The names of a subscription's custom headers, as stored. */
export function customHeaderNames(credentials: readonly StoredCredential[]): string[] {
  return credentials.flatMap((credential) =>
    credential.use === 'header' && credential.name !== undefined ? [credential.name] : [],
  );
}
