import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { normalizeHubSpotV3Uri, signHubSpotV1, signHubSpotV2, signHubSpotV3 } from './hubspot.signature.js';

// Published test vectors from HubSpot's documentation:
//   v1: https://legacydocs.hubspot.com/docs/faq/v1-request-validation ("Validating the v1 request signature")
//   v2: https://legacydocs.hubspot.com/docs/faq/v2-request-validation ("Validating the v2 request signature")
// HubSpot publishes no v3 vector; v3 is checked against an independent HMAC computation below.
const CLIENT_SECRET = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';

describe('HubSpot signatures', () => {
  it('v1 matches the published vector', () => {
    const body =
      '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]';
    expect(signHubSpotV1({ clientSecret: CLIENT_SECRET, body })).toBe(
      '232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de',
    );
    expect(signHubSpotV1({ clientSecret: CLIENT_SECRET, body: Buffer.from(body) })).toBe(
      '232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de',
    );
  });

  it('v2 matches the published GET and POST vectors', () => {
    const uri = 'https://www.example.com/webhook_uri';
    expect(signHubSpotV2({ clientSecret: CLIENT_SECRET, method: 'GET', uri, body: '' })).toBe(
      'eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e',
    );
    expect(
      signHubSpotV2({
        clientSecret: CLIENT_SECRET,
        method: 'POST',
        uri,
        body: '{"example_field":"example_value"}',
      }),
    ).toBe('9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900');
  });

  it('v3 is base64 HMAC-SHA256 of method + uri + body + timestamp', () => {
    const input = {
      clientSecret: CLIENT_SECRET,
      method: 'POST',
      uri: 'https://www.example.com/webhook_uri',
      body: '[{"eventId":1}]',
      timestamp: 1_700_000_000_000,
    };
    const expected = createHmac('sha256', CLIENT_SECRET)
      .update('POSThttps://www.example.com/webhook_uri[{"eventId":1}]1700000000000', 'utf8')
      .digest('base64');
    expect(signHubSpotV3(input)).toBe(expected);
    expect(signHubSpotV3({ ...input, body: Buffer.from(input.body), timestamp: '1700000000000' })).toBe(
      expected,
    );
  });

  it('v3 decodes exactly the escapes HubSpot lists, in either case, and leaves others alone', () => {
    expect(normalizeHubSpotV3Uri('https://x.test/hook?a=%3A%2F%3F%40%21%24%27%28%29%2A%2C%3B')).toBe(
      "https://x.test/hook?a=:/?@!$'()*,;",
    );
    expect(normalizeHubSpotV3Uri('https://x.test/hook?a=%3a%2f')).toBe('https://x.test/hook?a=:/');
    expect(normalizeHubSpotV3Uri('https://x.test/hook?name=a%20b&x=%25')).toBe(
      'https://x.test/hook?name=a%20b&x=%25',
    );
    const encoded = signHubSpotV3({
      clientSecret: 's',
      method: 'POST',
      uri: 'https://x.test/h?t=a%3Ab',
      body: '',
      timestamp: 1,
    });
    const decoded = signHubSpotV3({
      clientSecret: 's',
      method: 'POST',
      uri: 'https://x.test/h?t=a:b',
      body: '',
      timestamp: 1,
    });
    expect(encoded).toBe(decoded);
  });
});
