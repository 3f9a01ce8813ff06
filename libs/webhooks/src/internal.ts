// The workspace's own entry point into @org/webhooks' internals, for the benchmarks (tools/bench),
// which drive the engine directly. Not public API: package.json exports it under the `@org/source`
// condition only, the build leaves it out, and packing drops the entry (ARCHITECTURE.md, "Public API").
export { DeliveryWorker } from './delivery/delivery.worker.js';
export { buildDeliveryHeaders } from './signing/delivery-headers.js';
export { MikroOrmDeliveryMaintenance } from './mikro-orm/stores/mikro-orm-delivery-maintenance.store.js';
export { MikroOrmDeliveryQueue } from './mikro-orm/stores/mikro-orm-delivery-queue.store.js';
