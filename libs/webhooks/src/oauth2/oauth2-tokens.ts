import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '@org/common';
import type { OAuth2Settings } from '../interfaces/oauth2-settings.interface.js';
import { WebhooksMetrics } from '../observability/webhooks.metrics.js';
import {
  RESOLVED_WEBHOOKS_OPTIONS,
  type ResolvedWebhooksOptions,
} from '../options/resolved-webhooks-options.js';
import { SecretCipher } from '../secrets/secret-cipher.js';
import {
  OAuth2TokenStore,
  type OAuth2TokenRefresh,
  type StoredOAuth2Token,
} from '../storage/oauth2-token-store.interface.js';
import type { TransportResult } from '../transport/transport-result.js';
import { WebhookTransport } from '../transport/webhook-transport.js';
import { tokenDestinationRefusedLog } from './oauth2.messages.js';
import { OAuth2TokenClient } from './oauth2-token.client.js';

/** A token is renewed this long before it expires, or 10 % of its lifetime when that is shorter. */
export const TOKEN_REFRESH_MARGIN_MS = 60_000;

/** Whose token is wanted: the subscription, its grant and its stored (encrypted) client secret. */
export interface OAuth2Endpoint {
  subscriptionId: string;
  settings: OAuth2Settings;
  clientSecretCiphertext: string;
}

/** A token to send, or the failed attempt's result (class `oauth2_token`). */
export type BearerToken =
  { ok: true; accessToken: string; ciphertext: string } | { ok: false; result: TransportResult };

interface CachedToken {
  fingerprint: string;
  accessToken: string;
  ciphertext: string;
  refreshAt: number;
}

/**
 * The OAuth2 access tokens of subscriptions: each used until shortly before it expires and shared by
 * every instance on the storage ({@link OAuth2TokenStore}), with this process's copy in front. A
 * missing or stale token is fetched by one instance at a time per subscription (the store's lock, and
 * one fetch in flight per subscription in this process); the others then read it.
 */
@Injectable()
export class OAuth2Tokens {
  private readonly logger = new Logger('WebhooksOAuth2');
  private readonly client: OAuth2TokenClient;
  private readonly cached = new Map<string, CachedToken>();
  private readonly inFlight = new Map<string, Promise<BearerToken>>();

  constructor(
    @Inject(OAuth2TokenStore) private readonly store: OAuth2TokenStore,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(RESOLVED_WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    private readonly cipher: SecretCipher,
    private readonly metrics: WebhooksMetrics,
    transport: WebhookTransport,
  ) {
    this.client = new OAuth2TokenClient(transport, options.allowPrivateUrls);
  }

  /**
   * A token for the endpoint: this process's copy, else the shared one, else a fresh one.
   * @throws UndecryptableSecretError when the client secret opens with no key of the ring.
   */
  async tokenFor(endpoint: OAuth2Endpoint, timeoutMs?: number): Promise<BearerToken> {
    const fingerprint = fingerprintOf(endpoint);
    const local = this.cached.get(endpoint.subscriptionId);
    if (local?.fingerprint === fingerprint && this.clock.now().getTime() < local.refreshAt)
      return { ok: true, accessToken: local.accessToken, ciphertext: local.ciphertext };
    const key = `${endpoint.subscriptionId}\n${fingerprint}`;
    const running = this.inFlight.get(key);
    if (running) return running;
    const fetching = this.sharedToken(endpoint, fingerprint, timeoutMs).finally(() =>
      this.inFlight.delete(key),
    );
    this.inFlight.set(key, fetching);
    return fetching;
  }

  /**
   * Forgets a token the endpoint refused (401), here and in the store, unless it has already been
   * replaced: the next {@link tokenFor} fetches a new one, once for every instance.
   */
  async invalidate(subscriptionId: string, ciphertext: string): Promise<void> {
    if (this.cached.get(subscriptionId)?.ciphertext === ciphertext) this.cached.delete(subscriptionId);
    await this.store.deleteToken(subscriptionId, ciphertext);
  }

  private async sharedToken(
    endpoint: OAuth2Endpoint,
    fingerprint: string,
    timeoutMs: number | undefined,
  ): Promise<BearerToken> {
    const stored = this.usable(await this.store.findToken(endpoint.subscriptionId), fingerprint);
    if (stored) return stored;
    // Decrypted before the lock: a secret no key opens fails the attempt without holding anything.
    const clientSecret = this.cipher.decrypt(endpoint.clientSecretCiphertext);
    const waitMs = timeoutMs ?? this.options.requestTimeoutMs;
    return this.store.refreshToken(
      endpoint.subscriptionId,
      (current) => this.fetchUnlessFetched(endpoint, fingerprint, clientSecret, timeoutMs, current),
      waitMs,
    );
  }

  /** Under the lock: the token another instance fetched meanwhile, else a new one to store. */
  private async fetchUnlessFetched(
    endpoint: OAuth2Endpoint,
    fingerprint: string,
    clientSecret: string,
    timeoutMs: number | undefined,
    current: StoredOAuth2Token | null,
  ): Promise<OAuth2TokenRefresh<BearerToken>> {
    const fetchedMeanwhile = this.usable(current, fingerprint);
    if (fetchedMeanwhile) return { store: null, result: fetchedMeanwhile };
    const fetched = await this.client.fetchToken(endpoint.settings, clientSecret, timeoutMs);
    this.metrics.oauth2TokenFetched(fetched.ok ? 'success' : fetched.outcome);
    if (!fetched.ok) {
      if (fetched.detail)
        this.logger.warn(tokenDestinationRefusedLog(endpoint.subscriptionId, fetched.detail));
      return { store: null, result: { ok: false, result: fetched.result } };
    }
    const fetchedAt = this.clock.now();
    const row: StoredOAuth2Token = {
      subscriptionId: endpoint.subscriptionId,
      fingerprint,
      ciphertext: this.cipher.encrypt(fetched.accessToken),
      fetchedAt,
      expiresAt: new Date(fetchedAt.getTime() + fetched.expiresInSeconds * 1000),
    };
    this.remember(row, fetched.accessToken);
    return { store: row, result: { ok: true, accessToken: fetched.accessToken, ciphertext: row.ciphertext } };
  }

  /** The stored token when it is of this configuration, not due for renewal and opens; else `null`. */
  private usable(row: StoredOAuth2Token | null, fingerprint: string): BearerToken | null {
    if (!row || row.fingerprint !== fingerprint) return null;
    if (this.clock.now().getTime() >= refreshAtOf(row)) return null;
    let accessToken: string;
    try {
      accessToken = this.cipher.decrypt(row.ciphertext);
    } catch {
      return null; // written under a key no longer in the ring: fetch a new one
    }
    this.remember(row, accessToken);
    return { ok: true, accessToken, ciphertext: row.ciphertext };
  }

  private remember(row: StoredOAuth2Token, accessToken: string): void {
    this.cached.set(row.subscriptionId, {
      fingerprint: row.fingerprint,
      accessToken,
      ciphertext: row.ciphertext,
      refreshAt: refreshAtOf(row),
    });
  }
}

/** When a token is renewed: {@link TOKEN_REFRESH_MARGIN_MS} or 10 % of its lifetime before expiry. */
function refreshAtOf(row: StoredOAuth2Token): number {
  const expiresAt = row.expiresAt.getTime();
  const lifetime = Math.max(0, expiresAt - row.fetchedAt.getTime());
  return expiresAt - Math.min(TOKEN_REFRESH_MARGIN_MS, lifetime / 10);
}

/**
 * Identifies the grant a token came from. The secret enters as its stored ciphertext, never in the
 * clear: a new secret is a new ciphertext (and so is a re-encrypted one, which costs one fetch).
 */
function fingerprintOf(endpoint: OAuth2Endpoint): string {
  const { tokenUrl, clientId, scope, audience } = endpoint.settings;
  const parts = [tokenUrl, clientId, scope, audience, endpoint.clientSecretCiphertext];
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}
