import { hash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type ApiKeyEntry } from '../config/app-config.js';
import { FailedAuthLimiter } from './failed-auth.limiter.js';
import { TooManyFailedAuthenticationsException } from './too-many-failed-authentications.exception.js';

/** The parts of a request the API-key check reads. */
export interface KeyedRequest {
  headers: Record<string, string | string[] | undefined>;
  /** Express's client address (honours `trust proxy`). */
  ip?: string;
  socket?: { remoteAddress?: string };
}

/** A request whose API key the pre-body gate already checked: the configured entry it presented. */
export interface ApiKeyAuthenticatedRequest {
  apiKey?: ApiKeyEntry;
}

/**
 * The API-key check of the management API, shared by the pre-body gate and `ApiKeyAuthorizer`:
 * `X-Api-Key: KEY` or `Authorization: Bearer KEY`, compared in constant time against every key.
 * Failures count per client address; past the limit they answer 429 (a valid key still passes).
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly limiter = new FailedAuthLimiter();
  /**
   * Each configured key's SHA-256 and length, computed once: the comparison is `safeEqual`'s (hashes
   * of equal length compared in constant time, then the lengths), without hashing every configured
   * key again on every request.
   */
  private readonly keys: ReadonlyArray<{ entry: ApiKeyEntry; digest: Buffer; bytes: number }>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.keys = config.apiKeys.map((entry) => ({
      entry,
      digest: sha256(entry.key),
      bytes: Buffer.byteLength(entry.key),
    }));
  }

  /**
   * The configured key the request presents.
   * @throws UnauthorizedException (401) when the key is missing or unknown.
   * @throws TooManyFailedAuthenticationsException (429) when this client failed too often.
   */
  authenticate(request: KeyedRequest): ApiKeyEntry {
    const presented = this.extractKey(request);
    const entry = presented === null ? null : this.findKey(presented);
    if (entry) return entry;
    const client = request.ip ?? request.socket?.remoteAddress ?? 'unknown';
    const retryAfter = this.limiter.retryAfterSeconds(client);
    if (retryAfter !== null) throw new TooManyFailedAuthenticationsException(retryAfter);
    this.limiter.recordFailure(client);
    this.throwUnauthorized(presented === null);
  }

  /** The key the caller presented, from `X-Api-Key` or a Bearer token. */
  protected extractKey(request: KeyedRequest): string | null {
    const header = request.headers['x-api-key'];
    if (typeof header === 'string' && header.length > 0) return header;
    const authorization = request.headers.authorization;
    if (typeof authorization === 'string') {
      const match = /^Bearer\s+(.+)$/i.exec(authorization);
      if (match) return match[1].trim();
    }
    return null;
  }

  /** Compares against every key, without stopping at the first match, so timing says nothing. */
  protected findKey(presented: string): ApiKeyEntry | null {
    const digest = sha256(presented);
    const bytes = Buffer.byteLength(presented);
    let found: ApiKeyEntry | null = null;
    for (const key of this.keys) {
      if (timingSafeEqual(digest, key.digest) && bytes === key.bytes && found === null) found = key.entry;
    }
    return found;
  }

  protected throwUnauthorized(missing: boolean): never {
    throw new UnauthorizedException({
      code: 'unauthorized',
      message: missing
        ? 'An API key is required: send X-Api-Key: KEY or Authorization: Bearer KEY.'
        : 'The API key is not valid.',
    });
  }
}

/** One-shot `crypto.hash`: no Hash object per call, as `createHash` makes. */
function sha256(text: string): Buffer {
  return hash('sha256', text, 'buffer');
}
