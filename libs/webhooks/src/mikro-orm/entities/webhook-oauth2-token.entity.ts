import { defineEntity, p } from '@mikro-orm/postgresql';

/**
 * `webhook_oauth2_token`: the OAuth2 access token of each subscription that has a grant, shared by
 * every instance (encrypted, with the fingerprint of the grant that issued it and its expiry).
 */
export const WebhookOAuth2TokenEntity = defineEntity({
  name: 'WebhookOAuth2Token',
  tableName: 'webhook_oauth2_token',
  properties: {
    subscriptionId: p.text().primary(),
    fingerprint: p.text(),
    token: p.text(),
    fetchedAt: p.datetime().columnType('timestamptz'),
    expiresAt: p.datetime().columnType('timestamptz'),
  },
});
