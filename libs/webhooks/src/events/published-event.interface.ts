/** Options of `WebhooksService.publish`. */
export interface PublishOptions {
  /**
   * Publishing again with the same key in the same workspace stores nothing and returns the first
   * event (`created: false`). 1-255 characters.
   */
  idempotencyKey?: string;
  /** Workspace of the event: only that workspace's subscriptions receive it. @default null */
  workspace?: string | null;
  /**
   * The MikroORM `EntityManager` of the caller's running transaction (`em.transactional(async em =>
   * ...)`): the event is stored in that transaction, so it exists if and only if the caller's change
   * commits. Ignored by the in-memory storage.
   */
  em?: unknown;
}

/** What `WebhooksService.publish` stored (or found, for an idempotent repeat). */
export interface PublishedEvent {
  /** `evt_` id, also the `id` of the delivered body and the `webhook-id` header. */
  id: string;
  type: string;
  workspace: string | null;
  createdAt: Date;
  /** `false` when an event with the same idempotency key existed; it is returned instead. */
  created: boolean;
}

/** One event of `WebhooksService.publishMany`. */
export interface PublishItem {
  type: string;
  data: Record<string, unknown>;
  /** As {@link PublishOptions.idempotencyKey}, per event. */
  idempotencyKey?: string;
}

/** Options of `WebhooksService.publishMany`: the batch's workspace and transaction. */
export type PublishManyOptions = Pick<PublishOptions, 'workspace' | 'em'>;
