import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signHubSpotV2 } from '@org/ingest/signing';
import { InMemoryIngestStore } from '@org/ingest';
import { hubspotRequest, SECRETS } from './support/signing.js';
import { startIngestApp, type IngestTestApp } from './support/test-app.js';
import { createTestStore, STORE_KINDS, type TestStore } from './support/test-stores.js';

// HubSpot's published v1 vector (legacydocs.hubspot.com/docs/faq/v1-request-validation).
const V1_BODY =
  '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]';
const V1_SIGNATURE = '232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de';

const contact = (eventId: number, at: Date) => ({
  eventId,
  subscriptionId: 1,
  portalId: 62515,
  occurredAt: at.getTime(),
  subscriptionType: 'contact.creation',
  attemptNumber: 0,
  objectId: 500 + eventId,
  changeSource: 'CRM',
  changeFlag: 'NEW',
  appId: 54321,
});

/** HubSpot's published v1 vector as a request. */
const v1Request = () => ({
  body: V1_BODY,
  headers: {
    'content-type': 'application/json',
    'x-hubspot-signature': V1_SIGNATURE,
    'x-hubspot-signature-version': 'v1',
  },
});

/** A batch signed with v2 (secret + method + URI + body) for `uri`. */
const v2Request = (uri: string, events: object[]) => {
  const body = JSON.stringify(events);
  const signature = signHubSpotV2({ clientSecret: SECRETS.hubspot, method: 'POST', uri, body });
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-hubspot-signature': signature,
      'x-hubspot-signature-version': 'v2',
    },
  };
};

const INVALID_SIGNATURE = { error: { code: 'invalid_signature', message: 'Invalid signature' } };

describe.each(STORE_KINDS)('HubSpot webhooks (%s store)', (kind) => {
  let store: TestStore;
  let t: IngestTestApp;
  const uri = (query = '') => `${t.baseUrl}/api/webhooks/hubspot${query}`;

  beforeAll(async () => {
    store = await createTestStore(kind);
    t = await startIngestApp({
      store: store.store,
      options: {
        sources: {
          hubspot: { clientSecrets: [SECRETS.hubspotRotated, SECRETS.hubspot], versions: ['v3', 'v2', 'v1'] },
        },
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await store.close();
  });

  it('stores each event of a v3-signed batch under its eventId and answers with every id', async () => {
    const at = t.clock.now();
    const { body, headers } = hubspotRequest({
      uri: uri(),
      at,
      events: [
        contact(1001, at),
        {
          ...contact(1002, at),
          subscriptionType: 'deal.propertyChange',
          propertyName: 'dealstage',
          propertyValue: 'closedwon',
        },
      ],
    });
    const response = await t.post('/webhooks/hubspot', body, headers);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      received: true,
      id: response.body.ids[0],
      ids: [expect.stringMatching(/^iev_/), expect.stringMatching(/^iev_/)],
      duplicate: false,
    });
    const [first, second] = await Promise.all(
      response.body.ids.map((id: string) => store.store.findById(id)),
    );
    expect(first).toMatchObject({
      externalId: '1001',
      type: 'contact.creation',
      payload: { objectId: 1501 },
    });
    expect(second).toMatchObject({
      externalId: '1002',
      type: 'deal.propertyChange',
      payload: { propertyValue: 'closedwon' },
    });
  });

  it('answers duplicate: true only when every event of the batch was stored before', async () => {
    const at = t.clock.now();
    const once = hubspotRequest({ uri: uri(), at, events: [contact(2001, at)] });
    const first = await t.post('/webhooks/hubspot', once.body, once.headers);
    const mixed = hubspotRequest({ uri: uri(), at, events: [contact(2001, at), contact(2002, at)] });
    const partly = await t.post('/webhooks/hubspot', mixed.body, mixed.headers);
    expect(partly.body.duplicate).toBe(false);
    expect(partly.body.ids[0]).toBe(first.body.id);
    const all = await t.post('/webhooks/hubspot', mixed.body, mixed.headers);
    expect(all.body).toEqual({ received: true, id: first.body.id, ids: partly.body.ids, duplicate: true });
  });

  it("verifies v3 over the URL with a query, applying HubSpot's decoding of %3A, %2F, …", async () => {
    const query = '?portal=62515&return=https%3A%2F%2Fapp.example.com%2Fdone&name=a%20b';
    const at = t.clock.now();
    const { body, headers } = hubspotRequest({ uri: uri(query), at, events: [contact(3001, at)] });
    expect((await t.post(`/webhooks/hubspot${query}`, body, headers)).status).toBe(200);
    // Signed for another query string: refused.
    const other = hubspotRequest({ uri: uri('?portal=1'), at, events: [contact(3002, at)] });
    expect((await t.post(`/webhooks/hubspot${query}`, other.body, other.headers)).status).toBe(401);
  });

  it('accepts the rotated client secret', async () => {
    const at = t.clock.now();
    const { body, headers } = hubspotRequest({
      uri: uri(),
      at,
      events: [contact(4001, at)],
      secret: SECRETS.hubspotRotated,
    });
    expect((await t.post('/webhooks/hubspot', body, headers)).status).toBe(200);
  });

  it("accepts HubSpot's published v1 vector when v1 is enabled", async () => {
    const { body, headers } = v1Request();
    const response = await t.post('/webhooks/hubspot', body, headers);
    expect(response.status).toBe(200);
    expect(await store.store.findById(response.body.id)).toMatchObject({
      externalId: '1',
      type: 'contact.creation',
    });
  });

  it('accepts v2 (secret + method + URI + body)', async () => {
    const { body, headers } = v2Request(uri(), [contact(5001, t.clock.now())]);
    expect((await t.post('/webhooks/hubspot', body, headers)).status).toBe(200);
  });

  const refused: [string, () => { body: string; headers: Record<string, string> }][] = [
    [
      'a tampered body',
      () => {
        const r = hubspotRequest({ uri: uri(), at: t.clock.now(), events: [contact(9001, t.clock.now())] });
        return { ...r, body: r.body.replace('9001', '9002') };
      },
    ],
    [
      'a wrong secret',
      () =>
        hubspotRequest({
          uri: uri(),
          at: t.clock.now(),
          events: [contact(9003, t.clock.now())],
          secret: 'nope',
        }),
    ],
    [
      'a timestamp over 5 minutes old',
      () => {
        const at = new Date(t.clock.now().getTime() - 300_001);
        return hubspotRequest({ uri: uri(), at, events: [contact(9004, at)] });
      },
    ],
    [
      'a timestamp over 5 minutes ahead',
      () => {
        const at = new Date(t.clock.now().getTime() + 300_001);
        return hubspotRequest({ uri: uri(), at, events: [contact(9005, at)] });
      },
    ],
    [
      'no timestamp header',
      () => {
        const r = hubspotRequest({ uri: uri(), at: t.clock.now(), events: [contact(9006, t.clock.now())] });
        const headers: Record<string, string> = { ...r.headers };
        delete headers['x-hubspot-request-timestamp'];
        return { body: r.body, headers };
      },
    ],
    [
      'no signature at all',
      () => ({
        body: JSON.stringify([contact(9007, t.clock.now())]),
        headers: { 'content-type': 'application/json' },
      }),
    ],
    [
      'a wrong v3 next to a valid v1 (v3 decides when present)',
      () => ({
        body: V1_BODY,
        headers: {
          'content-type': 'application/json',
          'x-hubspot-signature': V1_SIGNATURE,
          'x-hubspot-signature-version': 'v1',
          'x-hubspot-signature-v3': 'AAAA',
          'x-hubspot-request-timestamp': String(t.clock.now().getTime()),
        },
      }),
    ],
  ];
  it.each(refused)('refuses %s with 401', async (_name, build) => {
    const { body, headers } = build();
    const response = await t.post('/webhooks/hubspot', body, headers);
    expect(response.status).toBe(401);
    expect(response.body).toEqual(INVALID_SIGNATURE);
  });

  it('answers 400 for a signed batch whose event has no eventId, an empty batch, and over 100 events', async () => {
    const at = t.clock.now();
    const noId = hubspotRequest({ uri: uri(), at, events: [{ subscriptionType: 'contact.creation' }] });
    const response = await t.post('/webhooks/hubspot', noId.body, noId.headers);
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual({
      code: 'malformed_payload',
      message: 'Event 0 of the batch needs an eventId and a subscriptionType.',
    });
    const empty = hubspotRequest({ uri: uri(), at, events: [] });
    expect((await t.post('/webhooks/hubspot', empty.body, empty.headers)).status).toBe(400);
    const tooMany = hubspotRequest({
      uri: uri(),
      at,
      events: Array.from({ length: 101 }, (_, i) => contact(8000 + i, at)),
    });
    const refused = await t.post('/webhooks/hubspot', tooMany.body, tooMany.headers);
    expect(refused.body.error).toEqual({
      code: 'malformed_payload',
      message: 'A request may hold at most 100 events.',
    });
    const hundred = hubspotRequest({
      uri: uri(),
      at,
      events: Array.from({ length: 100 }, (_, i) => contact(8000 + i, at)),
    });
    expect((await t.post('/webhooks/hubspot', hundred.body, hundred.headers)).body.ids).toHaveLength(100);
  });
});

describe('HubSpot behind a proxy (publicUrl) with the default versions', () => {
  const publicUrl = 'https://hooks.example.com/';
  const publicHookUrl = 'https://hooks.example.com/api/webhooks/hubspot';
  let t: IngestTestApp;
  beforeAll(async () => {
    t = await startIngestApp({
      store: new InMemoryIngestStore(),
      options: { sources: { hubspot: { clientSecrets: [SECRETS.hubspot], publicUrl } } },
    });
  });
  afterAll(() => t.close());

  it('verifies v3 against the public URL, not the address the app sees', async () => {
    const at = t.clock.now();
    const signed = hubspotRequest({
      uri: publicHookUrl,
      at,
      events: [contact(1, at)],
    });
    expect((await t.post('/webhooks/hubspot', signed.body, signed.headers)).status).toBe(200);
    const local = hubspotRequest({ uri: `${t.baseUrl}/api/webhooks/hubspot`, at, events: [contact(2, at)] });
    expect((await t.post('/webhooks/hubspot', local.body, local.headers)).status).toBe(401);
  });

  it('refuses v1 and v2 when only v3 is enabled (they carry no timestamp)', async () => {
    const legacy = [v1Request(), v2Request(publicHookUrl, [contact(3, t.clock.now())])];
    for (const { body, headers } of legacy) {
      const response = await t.post('/webhooks/hubspot', body, headers);
      expect(response.status).toBe(401);
      expect(response.body).toEqual(INVALID_SIGNATURE);
    }
    // The same requests pass where v1 and v2 are enabled: the version is refused, not the signature.
    const permissive = await startIngestApp({
      store: new InMemoryIngestStore(),
      options: {
        sources: { hubspot: { clientSecrets: [SECRETS.hubspot], publicUrl, versions: ['v2', 'v1'] } },
      },
    });
    try {
      for (const { body, headers } of legacy) {
        expect((await permissive.post('/webhooks/hubspot', body, headers)).status).toBe(200);
      }
    } finally {
      await permissive.close();
    }
  });
});
