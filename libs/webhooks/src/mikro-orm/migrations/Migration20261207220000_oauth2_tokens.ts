import { Migration } from '@mikro-orm/migrations';

/**
 * OAuth2 client credentials: the grant's non-secret part on the subscription (`oauth2`: token URL,
 * client id, scope, audience; the client secret is among the encrypted `credentials`), and the token
 * cache every instance shares (`webhook_oauth2_token`: one encrypted token per subscription, with
 * the fingerprint of the grant that issued it and its expiry).
 */
export class Migration20261207220000_oauth2_tokens extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table webhook_subscription add column oauth2 jsonb;`);
    this.addSql(`create table webhook_oauth2_token (
      subscription_id text primary key references webhook_subscription (id) on delete cascade,
      fingerprint text not null,
      token text not null,
      fetched_at timestamptz not null,
      expires_at timestamptz not null
    );`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table webhook_oauth2_token;`);
    this.addSql(`alter table webhook_subscription drop column oauth2;`);
  }
}
