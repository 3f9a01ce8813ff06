import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MAX_BATCH_BODY_BYTES } from '@org/webhooks';
import { HEADERS_TIMEOUT_MS, MAX_BODY_BYTES, REQUEST_TIMEOUT_MS } from '../src/http/http-limits.js';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { call, eventually } from './support/http.js';
import { sample } from './support/metrics.js';
import { expectStillServing, openRequest, rawRequest } from './support/raw-http.js';

const HUGE = '104857600';

// Rows 6 and 7: huge declared bodies were read before the 413 (and 413 beat 401); non-JSON bodies
// were accepted or silently ignored.
describe('hardening: body size, authentication before the body, media types', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 413 from the declared length at once (no body sent) and closes the connection', async () => {
    const answer = await rawRequest(t, 'POST', '/api/webhooks', {
      'content-type': 'application/json',
      'content-length': HUGE,
      'x-api-key': KEYS.admin,
    });
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('payload_too_large');
    expect(answer.headers.connection).toBe('close');
    expect(answer.closed).toBe(true);
    await expectStillServing(t, KEYS.admin);
  });

  it('answers 401 before the body for a management route without a key, even when huge', async () => {
    const answer = await rawRequest(t, 'POST', '/api/events', {
      'content-type': 'application/json',
      'content-length': HUGE,
    });
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('unauthorized');
    // Answered before the body parsers, yet with the CORS headers browsers need to read it.
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    await expectStillServing(t, KEYS.admin);
  });

  it('answers 413 at once on ingest routes too (they authenticate by signature after reading)', async () => {
    const answer = await rawRequest(t, 'POST', '/api/webhooks/stripe', {
      'content-type': 'application/json',
      'content-length': HUGE,
    });
    expect(answer.status).toBe(413);
    await expectStillServing(t, KEYS.admin);
  });

  it('gives POST /events/batch its own limit: 1,000 events over 1 MB are published, in one workspace', async () => {
    const events = Array.from({ length: 1000 }, (_, i) => ({
      type: 'contact.created',
      data: { id: `con_${i}`, note: 'x'.repeat(1200) },
    }));
    const body = JSON.stringify({ events });
    expect(Buffer.byteLength(body)).toBeGreaterThan(MAX_BODY_BYTES);
    const published = await call(t, 'POST', '/api/events/batch', { key: KEYS.acme, raw: body });
    expect(published.status).toBe(201);
    expect(published.body.data).toHaveLength(1000);
    const listed = await call(t, 'GET', '/api/events?limit=1', { key: KEYS.acme });
    expect(listed.body.data[0].id).toBe(published.body.data[999].id);
    // A single event's route keeps its 1 MB limit.
    const single = await rawRequest(t, 'POST', '/api/events', {
      'content-type': 'application/json',
      'content-length': String(MAX_BODY_BYTES + 1),
      'x-api-key': KEYS.admin,
    });
    expect(single.status).toBe(413);
    // Past the batch limit the gate answers from the declared length, as for any route.
    const answer = await rawRequest(t, 'POST', '/api/events/batch', {
      'content-type': 'application/json',
      'content-length': String(MAX_BATCH_BODY_BYTES + 1),
      'x-api-key': KEYS.admin,
    });
    expect(answer.status).toBe(413);
    await expectStillServing(t, KEYS.admin);
  });

  // A chunked body declares no length: the gate cannot refuse it up front, the body parser stops at
  // the route's limit as it reads.
  it('answers 413 to a chunked body past 1 MB, and takes a chunked batch past 1 MB on its own limit', async () => {
    const note = 'x'.repeat(MAX_BODY_BYTES);
    const headers = { 'content-type': 'application/json', 'x-api-key': KEYS.acme };
    const single = openRequest(t, 'POST', '/api/events', headers);
    single.write('{"type":"contact.created","data":{"note":"');
    single.end(`${note}"}}`);
    const refused = await single.answer;
    expect(refused.status).toBe(413);
    expect(refused.body.error.code).toBe('payload_too_large');

    const events = Array.from({ length: 600 }, (_, i) => ({
      type: 'contact.created',
      data: { id: `con_${i}`, note: 'x'.repeat(2000) },
    }));
    const body = JSON.stringify({ events });
    expect(Buffer.byteLength(body)).toBeGreaterThan(MAX_BODY_BYTES);
    const batch = openRequest(t, 'POST', '/api/events/batch', headers);
    batch.write(body.slice(0, 1000));
    batch.end(body.slice(1000));
    const published = await batch.answer;
    expect(published.status).toBe(201);
    expect(published.body.data).toHaveLength(600);
    await expectStillServing(t, KEYS.admin);
  });

  it('sets the server request and header timeouts', () => {
    const server = t.app.getHttpServer();
    expect(server.requestTimeout).toBe(REQUEST_TIMEOUT_MS);
    expect(server.headersTimeout).toBe(HEADERS_TIMEOUT_MS);
  });

  it.each([
    ['POST', '/api/webhooks', 'application/x-www-form-urlencoded', 'name=CRM&url=https%3A%2F%2Fexample.com'],
    ['POST', '/api/events', 'application/x-www-form-urlencoded', 'type=contact.created'],
    ['PATCH', '/api/webhooks/whk_01JD3K7Q8XGZ4M5N6P7R8S9T0V', 'text/plain', '{"name":"x"}'],
    ['POST', '/api/events', 'text/plain', '{"type":"contact.created","data":{}}'],
  ])('%s %s as %s answers 415 unsupported_media_type', async (method, path, type, body) => {
    const response = await call(t, method, path, {
      key: KEYS.admin,
      raw: body,
      headers: { 'content-type': type },
    });
    expect(response.status).toBe(415);
    expect(response.body.error.code).toBe('unsupported_media_type');
    await expectStillServing(t, KEYS.admin);
  });

  it('accepts application/json with a charset', async () => {
    const response = await call(t, 'POST', '/api/events', {
      key: KEYS.admin,
      raw: '{"type":"contact.created","data":{}}',
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(response.status).toBe(201);
  });

  it('does not send X-Powered-By', async () => {
    const response = await call(t, 'GET', '/api/health');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });
});

/** A body of exactly `bytes` bytes publishing one event, cut in two: a head sent at once, and the rest. */
function eventBody(bytes: number): { head: string; rest: string } {
  const head = '{"type":"contact.created","data":{"pad":"';
  const tail = '"}}';
  return { head, rest: 'x'.repeat(bytes - head.length - tail.length) + tail };
}

// Issue 20 row 8: six 16 MB batches at once grew the process from 471 to 813 MB RSS.
describe('hardening: request body bytes in flight are bounded (MAX_BODY_BYTES_IN_FLIGHT)', () => {
  const UPLOAD = 200_000;
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ MAX_BODY_BYTES_IN_FLIGHT: String(3 * UPLOAD) });
  });
  afterAll(async () => {
    await t.close();
  });

  const inFlight = async (): Promise<number | undefined> => {
    const metrics = await call(t, 'GET', '/metrics', { key: KEYS.admin });
    return sample(metrics.text, 'http_request_body_bytes_in_flight');
  };

  const upload = () =>
    openRequest(t, 'POST', '/api/events', {
      'content-type': 'application/json',
      'content-length': String(UPLOAD),
      'x-api-key': KEYS.admin,
    });

  it('refuses a body past the budget with 503 and Retry-After while others upload, then admits one again', async () => {
    const { head, rest } = eventBody(UPLOAD);
    const held = [upload(), upload(), upload()];
    for (const request of held) request.write(head);
    await eventually('three uploads admitted', async () => (await inFlight()) === 3 * UPLOAD);

    const refused = await rawRequest(t, 'POST', '/api/events', {
      'content-type': 'application/json',
      'content-length': String(UPLOAD),
      'x-api-key': KEYS.admin,
    });
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('server_busy');
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.closed).toBe(true);
    // Requests without a body still pass meanwhile.
    await expectStillServing(t, KEYS.admin);

    held[0].end(rest);
    expect((await held[0].answer).status).toBe(201);
    await eventually('the finished upload released', async () => (await inFlight()) === 2 * UPLOAD);
    const next = upload();
    next.end(head + rest);
    expect((await next.answer).status).toBe(201);

    for (const request of held.slice(1)) request.end(rest);
    const answers = await Promise.all(held.slice(1).map((request) => request.answer));
    expect(answers.map((answer) => answer.status)).toEqual([201, 201]);
    await eventually('every upload released', async () => (await inFlight()) === 0);
    await expectStillServing(t, KEYS.admin);
  });

  it('gives back the bytes of an upload whose client goes away', async () => {
    const gone = upload();
    gone.write(eventBody(UPLOAD).head);
    await eventually('the upload admitted', async () => (await inFlight()) === UPLOAD);
    gone.answer.catch(() => undefined);
    gone.destroy();
    await eventually('the abandoned upload released', async () => (await inFlight()) === 0);
    await expectStillServing(t, KEYS.admin);
  });
});
