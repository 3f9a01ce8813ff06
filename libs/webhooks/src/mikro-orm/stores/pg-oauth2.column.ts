import type { OAuth2Settings } from '../../interfaces/oauth2-settings.interface.js';

/** The `oauth2` jsonb column of `webhook_subscription` (snake_case, as the API spells it). */
export interface OAuth2Column {
  token_url: string;
  client_id: string;
  scope: string | null;
  audience: string | null;
}

/** The column's bind value: JSON text, or `null` without OAuth2. */
export function oauth2Column(settings: OAuth2Settings | null | undefined): string | null {
  if (!settings) return null;
  const column: OAuth2Column = {
    token_url: settings.tokenUrl,
    client_id: settings.clientId,
    scope: settings.scope,
    audience: settings.audience,
  };
  return JSON.stringify(column);
}

/** The column as read. */
export function fromOAuth2Column(column: OAuth2Column | null | undefined): OAuth2Settings | null {
  if (!column) return null;
  return {
    tokenUrl: column.token_url,
    clientId: column.client_id,
    scope: column.scope ?? null,
    audience: column.audience ?? null,
  };
}
