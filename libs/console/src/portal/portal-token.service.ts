import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Clock, safeEqual } from '@org/common';
import { CONSOLE_MESSAGES } from '../console.messages.js';
import { PortalTokenException } from '../errors/portal-token.exception.js';
import {
  RESOLVED_CONSOLE_OPTIONS,
  type ResolvedConsoleOptions,
} from '../options/resolved-console-options.js';

/** What a portal token grants: one workspace, until `expiresAt`. */
export interface PortalClaims {
  workspace: string;
  expiresAt: Date;
}

/** Version tag inside the signed part, so the format can change without accepting old tokens. */
const TOKEN_VERSION = 'p1';

/**
 * Signs and verifies portal tokens: `base64url({"v","ws","exp"}).base64url(HMAC-SHA256)`. Stateless
 * (no table): a token is valid while its signature checks (under `portalSigningKey`, or one of the
 * `previousPortalSigningKeys` while the host still gives it) and `exp` is in the future.
 */
@Injectable()
export class PortalTokenService {
  /** @internal Nest builds it: take it from the module (`app.get()` or injection). */
  constructor(
    @Inject(RESOLVED_CONSOLE_OPTIONS) private readonly options: ResolvedConsoleOptions,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** A token for `workspace` valid `ttlSeconds` from now. */
  sign(workspace: string, ttlSeconds: number): { token: string; claims: PortalClaims } {
    const exp = Math.floor(this.clock.now().getTime() / 1000) + ttlSeconds;
    const payload = Buffer.from(JSON.stringify({ v: TOKEN_VERSION, ws: workspace, exp })).toString(
      'base64url',
    );
    return {
      token: `${payload}.${this.mac(payload)}`,
      claims: { workspace, expiresAt: new Date(exp * 1000) },
    };
  }

  /**
   * The claims of a valid token.
   * @throws PortalTokenException (401) when it is malformed, tampered with or expired.
   */
  verify(token: string): PortalClaims {
    const [payload, mac, extra] = token.split('.');
    if (
      !payload ||
      !mac ||
      extra !== undefined ||
      !this.verificationKeys.some((key) => safeEqual(mac, this.mac(payload, key)))
    )
      throw new PortalTokenException(CONSOLE_MESSAGES.tokenMalformed);
    const claims = parseClaims(payload);
    if (!claims) throw new PortalTokenException(CONSOLE_MESSAGES.tokenMalformed);
    if (claims.expiresAt.getTime() <= this.clock.now().getTime())
      throw new PortalTokenException(CONSOLE_MESSAGES.tokenExpired);
    return claims;
  }

  private get verificationKeys(): Buffer[] {
    return [this.options.portalSigningKey, ...this.options.previousPortalSigningKeys];
  }

  private mac(payload: string, key: Buffer = this.options.portalSigningKey): string {
    return createHmac('sha256', key).update(`portal.${payload}`).digest('base64url');
  }
}

function parseClaims(payload: string): PortalClaims | null {
  try {
    const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (parsed.v !== TOKEN_VERSION || typeof parsed.ws !== 'string' || typeof parsed.exp !== 'number')
      return null;
    return { workspace: parsed.ws, expiresAt: new Date(parsed.exp * 1000) };
  } catch {
    return null;
  }
}
