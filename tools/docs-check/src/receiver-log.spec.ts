import { describe, expect, it } from '@jest/globals';
import { receivedRequests, receivedTokenRequests } from './receiver-log.js';

// A receiver's output as `npm run receiver` prints it (tools/receiver report.ts), with a banner.
const OUTPUT = `Receiving webhooks at http://127.0.0.1:4002/webhooks (any path)
Issuing 300-second tokens to webhooks-sender at http://127.0.0.1:4002/oauth/token; webhooks need one
→ 18:22:05.301 POST /oauth/token client_credentials webhooks-sender scope=webhooks:receive
  ✔ issued token 1
→ 18:22:05.342 POST /billing evt_01 deal.lost attempt 1
  X-Rex-Signature: ✔ valid · standard webhooks: ✔ valid
  headers: X-Api-Key: k_1 · X-Tenant: acme
  client certificate: CN=acme-sender
  bearer token: ✔ valid (token 1)
  body: {"id":"evt_01"} (15 bytes)
  ← 200
✘ 18:22:06.000 TLS handshake refused: peer did not return a certificate
→ 18:22:07.360 POST /webhooks evt_02 contact.created
  X-Rex-Signature: – missing · standard webhooks: – missing
  body:  (0 bytes)
  ← 200
`;

describe('receiver log', () => {
  it('reads each request with the lines it has, and only those', () => {
    expect(receivedRequests(OUTPUT)).toEqual([
      {
        path: '/billing',
        eventId: 'evt_01',
        eventType: 'deal.lost',
        attempt: 1,
        signature: '✔ valid',
        standardWebhooks: '✔ valid',
        headers: 'X-Api-Key: k_1 · X-Tenant: acme',
        clientCertificate: 'CN=acme-sender',
        bearerToken: '✔ valid (token 1)',
      },
      {
        path: '/webhooks',
        eventId: 'evt_02',
        eventType: 'contact.created',
        attempt: null,
        signature: '– missing',
        standardWebhooks: '– missing',
        headers: null,
        clientCertificate: null,
        bearerToken: null,
      },
    ]);
  });

  it('reads the token requests apart from the webhooks', () => {
    expect(receivedTokenRequests(OUTPUT)).toEqual([
      { asked: 'client_credentials webhooks-sender scope=webhooks:receive', given: '✔ issued token 1' },
    ]);
  });
});
