import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261124000000_webhooks } from './migrations/Migration20261124000000_webhooks.js';
import { Migration20261201200000_seed_parity } from './migrations/Migration20261201200000_seed_parity.js';
import { Migration20261201300000_endpoint_delivery } from './migrations/Migration20261201300000_endpoint_delivery.js';
import { Migration20261201400000_trace_context } from './migrations/Migration20261201400000_trace_context.js';
import { Migration20261202100000_partitioned_history } from './migrations/Migration20261202100000_partitioned_history.js';
import { Migration20261207100000_test_request_body } from './migrations/Migration20261207100000_test_request_body.js';
import { Migration20261207190000_endpoint_credentials } from './migrations/Migration20261207190000_endpoint_credentials.js';
import { Migration20261207200000_subscription_filter } from './migrations/Migration20261207200000_subscription_filter.js';
import { Migration20261207210000_endpoint_tls } from './migrations/Migration20261207210000_endpoint_tls.js';
import { Migration20261207220000_oauth2_tokens } from './migrations/Migration20261207220000_oauth2_tokens.js';

/**
 * The schema migrations of `@org/webhooks`, oldest first, in the `{ name, class }` form of MikroORM's
 * `migrations.migrationsList`. Spread them into the host's list:
 * `migrations: { migrationsList: [...WebhooksMigrations, ...hostMigrations] }`.
 */
export const WebhooksMigrations: MigrationObject[] = [
  { name: 'Migration20261124000000_webhooks', class: Migration20261124000000_webhooks },
  { name: 'Migration20261201200000_seed_parity', class: Migration20261201200000_seed_parity },
  { name: 'Migration20261201300000_endpoint_delivery', class: Migration20261201300000_endpoint_delivery },
  { name: 'Migration20261201400000_trace_context', class: Migration20261201400000_trace_context },
  { name: 'Migration20261202100000_partitioned_history', class: Migration20261202100000_partitioned_history },
  { name: 'Migration20261207100000_test_request_body', class: Migration20261207100000_test_request_body },
  {
    name: 'Migration20261207190000_endpoint_credentials',
    class: Migration20261207190000_endpoint_credentials,
  },
  { name: 'Migration20261207200000_subscription_filter', class: Migration20261207200000_subscription_filter },
  { name: 'Migration20261207210000_endpoint_tls', class: Migration20261207210000_endpoint_tls },
  { name: 'Migration20261207220000_oauth2_tokens', class: Migration20261207220000_oauth2_tokens },
];
