/**
 * A caller's open transaction that a store joins. For the MikroORM adapter `em` is the
 * `EntityManager` of a running `em.transactional(...)`; the in-memory store ignores it.
 * Typed structurally so the core does not depend on MikroORM.
 */
export interface TransactionContext {
  em?: unknown;
}
