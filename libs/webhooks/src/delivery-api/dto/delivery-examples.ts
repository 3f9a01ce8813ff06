/** Example values shared by the delivery DTOs' Swagger metadata. */
export const DELIVERY_EXAMPLES = {
  deliveryId: 'whd_01JD3K9Z2WQ4R8T6Y0U3I5O7P9',
  subscriptionId: 'whk_01JD3K7Q8XGZ4M5N6P7R8S9T0V',
  eventId: 'evt_01JD3K8M4N5P6Q7R8S9T0V1W2X',
  eventType: 'deal.won',
  at: '2026-03-16T12:01:00.000Z',
  nextAt: '2026-03-16T12:11:00.000Z',
} as const;
