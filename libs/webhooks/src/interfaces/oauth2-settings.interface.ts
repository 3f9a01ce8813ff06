/**
 * A subscription's OAuth2 client credentials grant (RFC 6749 §4.4), without the client secret (kept
 * encrypted among the subscription's credentials as `oauth2_client_secret`).
 */
export interface OAuth2Settings {
  /** The authorization server's token endpoint; checked by the same destination policy as endpoint URLs. */
  tokenUrl: string;
  clientId: string;
  /** Sent as `scope` when set. */
  scope: string | null;
  /** Sent as `audience` when set (Auth0, and others that issue tokens per API). */
  audience: string | null;
}
