/** Example values shared by the event DTOs' Swagger metadata. */
export const EVENT_EXAMPLES = {
  id: 'evt_01JD3K7Q8XGZ4M5N6P7R8S9T0V',
  type: 'contact.created',
  data: { id: 'con_123', email: 'ada@example.com', name: 'Ada Lovelace' },
  idempotencyKey: 'contact-con_123-created',
  at: '2026-03-16T12:00:00.000Z',
} as const;
