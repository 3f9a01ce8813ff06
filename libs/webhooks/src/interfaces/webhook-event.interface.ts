/** A published event as stored: the exact body every delivery of it sends, byte for byte. */
export interface EventRecord {
  /** `evt_` id. */
  id: string;
  workspace: string | null;
  /** Event type, e.g. `contact.created`. */
  type: string;
  /**
   * The serialized request body `{"id","event","created_at","data"}`, made once at publish time so
   * every attempt and every subscription receives identical bytes (and signatures stay verifiable).
   */
  payload: string;
  idempotencyKey: string | null;
  createdAt: Date;
  /**
   * W3C `traceparent` of the publish span, continued by every attempt (also after a restart);
   * `null` when nothing traced the publish.
   */
  traceContext?: string | null;
}
