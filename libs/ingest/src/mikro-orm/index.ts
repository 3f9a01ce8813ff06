// `@org/ingest/mikro-orm` (reviewed in api/ingest-mikro-orm.api.md): the PostgreSQL stores on
// MikroORM, and the entities and migrations to register with the host's MikroORM.
import '../node-floor.check.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { InboundContext } from '../interfaces/inbound-event.interface.js';

export { MikroOrmIngestStore } from './mikro-orm-ingest.store.js';
export { MikroOrmInboundSourceStore } from './mikro-orm-inbound-source.store.js';
export { IngestEntities, IngestEvent } from './ingest-event.entity.js';
export { InboundSource } from './inbound-source.entity.js';
export { IngestMigrations } from './ingest-event.migration.js';
export type { InboundContext } from '../interfaces/inbound-event.interface.js';

/** The handler context with the MikroORM store: `em` is the transactional `EntityManager`. */
export type MikroOrmInboundContext = InboundContext<EntityManager>;
