import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { githubRequest, SECRETS } from './support/signing.js';
import { startIngestApp, type IngestTestApp } from './support/test-app.js';
import { createTestStore, STORE_KINDS, type TestStore } from './support/test-stores.js';

describe.each(STORE_KINDS)('GitHub webhooks (%s store)', (kind) => {
  let store: TestStore;
  let t: IngestTestApp;

  beforeAll(async () => {
    store = await createTestStore(kind);
    t = await startIngestApp({
      store: store.store,
      options: { sources: { github: { secrets: [SECRETS.githubRotated, SECRETS.github] } } },
    });
  });
  afterAll(async () => {
    await t.close();
    await store.close();
  });

  it('stores a signed push keyed by X-GitHub-Delivery, typed by the raw X-GitHub-Event', async () => {
    const { body, headers } = await githubRequest({ delivery: 'd-push-1', event: 'push' });
    const response = await t.post('/webhooks/github', body, headers);
    expect(response.status).toBe(200);
    expect(response.body.duplicate).toBe(false);
    const stored = await store.store.findById(response.body.id);
    expect(stored).toMatchObject({
      externalId: 'd-push-1',
      type: 'push',
      payload: { ref: 'refs/heads/main' },
    });
    expect(stored?.headers).toMatchObject({ 'x-github-event': 'push', 'x-github-delivery': 'd-push-1' });
    expect(stored?.headers['x-hub-signature-256']).toBeUndefined();
  });

  it('keeps the action in the payload of a pull_request', async () => {
    const body = JSON.stringify({ action: 'opened', number: 7, pull_request: { id: 1 } });
    const signed = await githubRequest({ delivery: 'd-pr-1', event: 'pull_request', body });
    const response = await t.post('/webhooks/github', signed.body, signed.headers);
    expect(response.status).toBe(200);
    expect(await store.store.findById(response.body.id)).toMatchObject({
      type: 'pull_request',
      payload: { action: 'opened' },
    });
  });

  it('accepts either rotated secret', async () => {
    for (const [delivery, secret] of [
      ['d-rot-1', SECRETS.github],
      ['d-rot-2', SECRETS.githubRotated],
    ]) {
      const { body, headers } = await githubRequest({ delivery, secret });
      expect((await t.post('/webhooks/github', body, headers)).status).toBe(200);
    }
  });

  it('accepts the form-encoded content type, verified over the raw form body', async () => {
    const json = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 });
    const form = `payload=${encodeURIComponent(json)}`;
    const signed = await githubRequest({ delivery: 'd-form-1', event: 'ping', body: form });
    const response = await t.post('/webhooks/github', signed.body, {
      ...signed.headers,
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(response.status).toBe(200);
    expect(await store.store.findById(response.body.id)).toMatchObject({
      type: 'ping',
      payload: { zen: 'Keep it logically awesome.' },
    });
  });

  it('deduplicates redeliveries of the same X-GitHub-Delivery', async () => {
    const { body, headers } = await githubRequest({ delivery: 'd-dup-1' });
    const first = await t.post('/webhooks/github', body, headers);
    const again = await t.post('/webhooks/github', body, headers);
    expect(again.body).toEqual({ received: true, id: first.body.id, ids: [first.body.id], duplicate: true });
  });

  const missing = ['x-hub-signature-256', 'x-github-event', 'x-github-delivery'];
  it.each(missing)('refuses a request without %s with 401', async (header) => {
    const { body, headers } = await githubRequest({ delivery: `d-missing-${header}` });
    delete (headers as Record<string, string>)[header];
    const response = await t.post('/webhooks/github', body, headers);
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('invalid_signature');
  });

  it('refuses a tampered body and a wrong secret with 401', async () => {
    const tampered = await githubRequest({ delivery: 'd-tampered' });
    expect(
      (await t.post('/webhooks/github', tampered.body.replace('main', 'prod'), tampered.headers)).status,
    ).toBe(401);
    const wrong = await githubRequest({ delivery: 'd-wrong', secret: 'not-the-secret' });
    expect((await t.post('/webhooks/github', wrong.body, wrong.headers)).status).toBe(401);
    expect(await store.store.list({ source: 'github', limit: 100 })).not.toContainEqual(
      expect.objectContaining({ externalId: 'd-tampered' }),
    );
  });

  it('refuses a text/plain body with 415', async () => {
    const { body, headers } = await githubRequest({ delivery: 'd-text' });
    const response = await t.post('/webhooks/github', body, { ...headers, 'content-type': 'text/plain' });
    expect(response.status).toBe(415);
    expect(response.body.error.code).toBe('unsupported_media_type');
  });
});
