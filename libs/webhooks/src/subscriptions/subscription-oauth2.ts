import type { OAuth2Settings } from '../interfaces/oauth2-settings.interface.js';
import type { StoredCredential } from '../interfaces/subscription.interface.js';
import { InvalidSubscriptionException } from '../errors/invalid-subscription.exception.js';
import { normalizeWebhookUrl } from '../transport/webhook-url.validator.js';
import { oauth2SecretRequiredMessage } from '../webhooks.messages.js';
import type { OAuth2Input } from './subscription-input.interface.js';

/** What an OAuth2 input makes of a subscription's record: its grant, and its credentials with the secret. */
export interface OAuth2Fields {
  oauth2: OAuth2Settings | null;
  credentials: StoredCredential[];
}

const isClientSecret = (credential: StoredCredential): boolean => credential.use === 'oauth2_client_secret';

/**
 * The grant and credentials after `input` (`null`: removed) over the subscription's `current` ones
 * (none on create). The client secret is encrypted into the credentials; an input without one keeps
 * the stored secret, which only a subscription that already has OAuth2 holds.
 * @throws InvalidSubscriptionException naming `oauth2.client_secret` when there is no secret to use.
 */
export function oauth2Fields(
  input: OAuth2Input | null,
  current: { oauth2?: OAuth2Settings | null; credentials: readonly StoredCredential[] },
  encrypt: (plain: string) => string,
): OAuth2Fields {
  const others = current.credentials.filter((credential) => !isClientSecret(credential));
  if (input === null) return { oauth2: null, credentials: others };
  const kept = current.oauth2 ? current.credentials.find(isClientSecret) : undefined;
  const secret =
    input.clientSecret !== undefined
      ? { use: 'oauth2_client_secret' as const, ciphertext: encrypt(input.clientSecret) }
      : kept;
  if (!secret)
    throw new InvalidSubscriptionException([
      { field: 'oauth2.client_secret', message: oauth2SecretRequiredMessage() },
    ]);
  return {
    oauth2: {
      tokenUrl: normalizeWebhookUrl(input.tokenUrl),
      clientId: input.clientId,
      scope: input.scope ?? null,
      audience: input.audience ?? null,
    },
    credentials: [...others, secret],
  };
}
