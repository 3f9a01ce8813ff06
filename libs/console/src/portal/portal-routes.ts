/**
 * The operations a portal session may call: its workspace's subscriptions (list, add, edit, rotate
 * the secret, send a test, try a payload filter), deliveries and attempt details, resend (redeliver, replay), the event
 * catalogue (the list and one type, with their schemas and examples), and its own session. Everything else (publishing, deleting, portal links, inbound
 * events) stays with API keys. Paths are Nest route paths without the host's global prefix.
 */
export const PORTAL_ROUTES: readonly { method: string; path: string }[] = [
  { method: 'GET', path: '/portal/session' },
  { method: 'GET', path: '/webhooks' },
  { method: 'POST', path: '/webhooks' },
  { method: 'GET', path: '/webhooks/event-types' },
  { method: 'GET', path: '/webhooks/event-types/:name' },
  { method: 'GET', path: '/webhooks/deliveries' },
  { method: 'GET', path: '/webhooks/:id' },
  { method: 'PATCH', path: '/webhooks/:id' },
  { method: 'PATCH', path: '/webhooks/:id/secret' },
  // Tries a filter against an event of the session's workspace (the events are scoped to it).
  { method: 'POST', path: '/webhooks/filters/test' },
  { method: 'POST', path: '/webhooks/:id/ping' },
  { method: 'POST', path: '/webhooks/:id/test' },
  { method: 'GET', path: '/webhooks/:id/deliveries' },
  { method: 'GET', path: '/webhooks/:id/deliveries/:attempt_id' },
  { method: 'POST', path: '/webhooks/:id/events/:event_id/redeliver' },
  { method: 'POST', path: '/webhooks/:id/replay' },
  // An attempt's request body is its event's envelope; events are scoped to the workspace.
  { method: 'GET', path: '/events/:id' },
];
