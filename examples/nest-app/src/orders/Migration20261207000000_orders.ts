import { Migration } from '@mikro-orm/migrations';

/** The app's own schema change, listed after the libraries' migrations in `migrationsList`. */
export class Migration20261207000000_orders extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table shop_order (
         id text primary key,
         total_cents integer not null,
         currency text not null,
         status text not null,
         paid_at timestamptz
       );`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table shop_order;`);
  }
}
