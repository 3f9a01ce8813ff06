import { Migration } from '@mikro-orm/migrations';

/**
 * Mutual TLS: the client certificate's public part (`tls`: PEM, CA, subject, fingerprint, expiry; the
 * key is in `credentials`), and `client_cert_expires_at` generated from it for the expiry check, with
 * a partial index over live subscriptions that have one. A stored generated column rewrites the
 * table once (subscriptions are few rows); `to_timestamp(double precision)` is immutable, which a
 * generated column needs (a cast of ISO text is not).
 */
export class Migration20261207210000_endpoint_tls extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table webhook_subscription add column tls jsonb null;`);
    this.addSql(
      `alter table webhook_subscription add column client_cert_expires_at timestamptz
         generated always as (to_timestamp((tls->>'expires_at_ms')::double precision / 1000)) stored;`,
    );
    this.addSql(
      `create index webhook_subscription_client_cert_expires_at_idx on webhook_subscription (client_cert_expires_at)
         where client_cert_expires_at is not null and deleted_at is null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table webhook_subscription drop column client_cert_expires_at;`);
    this.addSql(`alter table webhook_subscription drop column tls;`);
  }
}
