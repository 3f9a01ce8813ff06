// `@org/ingest/mikro-orm`: the PostgreSQL store on MikroORM, its entity and its migration.
import '../node-floor.check.js';
export * from './ingest-event.entity.js';
export * from './ingest-event.migration.js';
export * from './mikro-orm-ingest.store.js';
export * from './inbound-source.entity.js';
export * from './inbound-source.migration.js';
export * from './mikro-orm-inbound-source.store.js';
export type { InboundContext } from '../interfaces/inbound-event.interface.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { InboundContext } from '../interfaces/inbound-event.interface.js';

/** The handler context with the MikroORM store: `em` is the transactional `EntityManager`. */
export type MikroOrmInboundContext = InboundContext<EntityManager>;
