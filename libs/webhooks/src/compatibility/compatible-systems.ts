/**
 * The documented webhook APIs whose requests `WebhooksModule` can also answer, each under its own
 * names (the `compatibility` extra): Rex's "Testing locally" guide, Rapidly, Apex and Repull.
 */
export const COMPATIBLE_SYSTEMS = ['apex', 'rapidly', 'repull', 'rex'] as const;

/** One of {@link COMPATIBLE_SYSTEMS}. */
export type CompatibleSystem = (typeof COMPATIBLE_SYSTEMS)[number];

/**
 * Every alias the module can serve, and the systems whose documented requests or answers use it.
 * An alias is on when the module names any of its systems, so a shared one (`events`) is on for each.
 */
export const ALIAS_USERS = {
  /** `/webhooks/endpoints…` for `/webhooks…` (a Rapidly "webhook endpoint" is a subscription). */
  endpointRoutes: ['rapidly'],
  /** `POST /webhooks/events/:id/redeliver`: the event again to every subscription that received it. */
  eventRedeliveryRoute: ['rapidly'],
  /** `DELETE /webhooks` with `{"id"}` in the body for `DELETE /webhooks/:id`. */
  deleteByBodyRoute: ['apex'],
  /** `POST /webhooks/:id/test` for the ping. */
  testRoute: ['repull', 'rex'],
  /** `events` beside `event_types`, in create and update bodies and in answers. */
  eventsField: ['apex', 'rapidly', 'repull', 'rex'],
  /** `active` (boolean) for `status` active/paused in create and update bodies. */
  activeField: ['repull'],
  /** `enabled` (boolean) for `status` active/paused in create and update bodies. */
  enabledField: ['rapidly'],
  /** `active` (`status` is `active`) beside `status` in answers. */
  activeAnswer: ['rapidly', 'repull'],
  /** `endpoint_id`, `start_timestamp`, `end_timestamp`, `succeeded`, `http_code_class` on `GET /webhooks/deliveries`. */
  deliveryFilters: ['rapidly'],
  /** `status`, `response_code`, `response_time_ms` in a test delivery's answer. */
  pingResultFields: ['repull'],
} as const satisfies Record<string, readonly CompatibleSystem[]>;

/** The name of one alias in {@link ALIAS_USERS}. */
export type Alias = keyof typeof ALIAS_USERS;
