import type { AuthorizeOption, Clock } from '@org/common';

/** Options of `ConsoleModule.forRoot()`. */
export interface ConsoleModuleOptions {
  /**
   * Who may call the portal sessions API: `POST /portal/sessions` (hand out a portal link: the
   * host's operators) and `GET /portal/session` (a portal session itself: compose
   * `PortalAuthorizer` with your own check, `firstOf(portal, yours)` from `@org/common`). A function
   * `(request) => principal | null` or an injectable `Authorizer` class; see `WebhooksModuleOptions`.
   * `allowEveryoneInDevelopment` is refused when `NODE_ENV=production`. Required unless the module is
   * registered with `controllers: false`.
   */
  authorize?: AuthorizeOption;
  /**
   * Key of the HMAC that signs portal tokens (at least 32 bytes). Keep it stable: changing it
   * invalidates every portal link handed out, unless the old key is kept in `previousPortalSigningKeys`. The host app derives it from its secret key.
   */
  portalSigningKey: Buffer | string;
  /**
   * Keys of earlier portal tokens, still accepted when verifying (never used to sign), so changing
   * `portalSigningKey` does not end the links already handed out: the host app passes the keys it
   * derives from the older keys of its secret key ring, while they are in the ring.
   * @default []
   */
  previousPortalSigningKeys?: readonly (Buffer | string)[];
  /**
   * Lifetime of a portal link when the request names none.
   * @default 3600
   */
  defaultPortalTtlSeconds?: number;
  /**
   * The longest lifetime a caller may ask for.
   * @default 86400
   */
  maxPortalTtlSeconds?: number;
  /**
   * Origin put in front of portal links (`https://hooks.example.com`); unset: the request's own.
   */
  publicUrl?: string;
  /**
   * Serve the built UI at `/console` and `/portal`.
   * @default true
   */
  serveUi?: boolean;
  /**
   * Source of "now" for token expiry (tests move it instead of waiting).
   * @default the system clock
   */
  clock?: Clock;
}
