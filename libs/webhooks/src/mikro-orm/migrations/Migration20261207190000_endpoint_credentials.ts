import { Migration } from '@mikro-orm/migrations';

/**
 * The secret parts of how an endpoint is called (custom header values, a client certificate's key,
 * an OAuth2 client secret), encrypted like signing secrets: an array of `{ use, name?, ciphertext }`
 * the key-ring rotation re-encrypts with the `secrets` column. A constant default: no table rewrite.
 */
export class Migration20261207190000_endpoint_credentials extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table webhook_subscription add column credentials jsonb not null default '[]';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table webhook_subscription drop column credentials;`);
  }
}
