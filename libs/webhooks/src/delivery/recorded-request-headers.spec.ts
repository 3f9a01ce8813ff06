import { describe, expect, it } from '@jest/globals';
import { recordedRequestHeaders, REDACTED_HEADER_VALUE } from './recorded-request-headers.js';

describe('recordedRequestHeaders', () => {
  it('keeps signatures and ids, redacts authorization and the named sensitive headers, case-insensitively', () => {
    const recorded = recordedRequestHeaders({
      headers: {
        'webhook-id': 'evt_1',
        'X-Webhook-Signature': 't=1,v1=abc',
        Authorization: 'Bearer secret-token',
        'X-Api-Key': 'k-123',
        'X-Tenant': 'acme',
      },
      sensitiveHeaders: ['x-api-key', 'X-TENANT'],
    });
    expect(recorded).toEqual({
      'webhook-id': 'evt_1',
      'X-Webhook-Signature': 't=1,v1=abc',
      Authorization: REDACTED_HEADER_VALUE,
      'X-Api-Key': REDACTED_HEADER_VALUE,
      'X-Tenant': REDACTED_HEADER_VALUE,
    });
  });

  it('redacts authorization even when nothing is named', () => {
    expect(recordedRequestHeaders({ headers: { authorization: 'Basic x' } })).toEqual({
      authorization: REDACTED_HEADER_VALUE,
    });
  });
});
