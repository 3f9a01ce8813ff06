import { Migrator } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import { webhooksEntities, WebhooksMigrations } from '@org/webhooks/mikro-orm';

/** A second MikroORM (own pool) on the test database at `url`: what another app instance would hold. */
export function openSecondOrm(url: string): Promise<MikroORM> {
  return MikroORM.init({
    clientUrl: url,
    entities: [...webhooksEntities],
    extensions: [Migrator],
    migrations: { migrationsList: WebhooksMigrations, snapshot: false },
    pool: { min: 0, max: 8 },
  });
}
