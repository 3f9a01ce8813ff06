/** PostgreSQL NOTIFY channel on which a publish wakes every instance's dispatcher. */
export const EVENT_PUBLISHED_CHANNEL = 'webhooks_event_published';
