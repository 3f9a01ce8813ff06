import type { EventTypeDefinition } from '../options/webhooks-options.interface.js';
import { WEBHOOK_CERTIFICATE_EXPIRING_EVENT, WEBHOOK_DISABLED_EVENT } from '../webhooks.constants.js';

/** The events the module itself publishes, always in the catalogue so operators can subscribe to them. */
export const OPERATOR_EVENT_TYPES: readonly EventTypeDefinition[] = [
  {
    name: WEBHOOK_DISABLED_EVENT,
    description:
      'A subscription of this workspace was disabled automatically (consecutive failures or 410 Gone); re-enable it with PATCH status active.',
    example: {
      subscription_id: 'whk_01JD3K7Q8XGZ4M5N6P7R8S9T0V',
      name: 'CRM Sync',
      url: 'https://example.com/webhooks/rex',
      reason: 'Disabled at once: the endpoint answered 410 Gone (HTTP 410)',
    },
  },
  {
    name: WEBHOOK_CERTIFICATE_EXPIRING_EVENT,
    description:
      "A subscription's client certificate (mutual TLS) expires soon (within the module's certificateExpiryWarningMs, 14 days by default); published once per certificate. Replace it with PATCH tls before it expires: deliveries are not attempted with an expired one.",
    example: {
      subscription_id: 'whk_01JD3K7Q8XGZ4M5N6P7R8S9T0V',
      name: 'Bank settlement',
      url: 'https://bank.example.com/webhooks',
      client_cert_expires_at: '2027-01-15T12:00:00.000Z',
      client_cert_fingerprint_sha256: '3A:4F:0B:…:C2',
    },
  },
];
