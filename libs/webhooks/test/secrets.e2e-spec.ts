import { describe, expect, it } from '@jest/globals';
import { parseSecretKey } from '@org/webhooks';
import { SecretCipher } from '../src/secrets/secret-cipher.js';
import { runSql } from './support/pg-test-orm.js';
import { storageHarnesses } from './support/storage-harness.js';
import { useStorageApp } from './support/storage-app.js';
import { TEST_SECRET_KEY } from './support/test-app.js';

const DAY = 86_400_000;
const valid = { name: 'CRM Sync', url: 'https://example.com/webhooks/rex' };
const cipher = new SecretCipher(parseSecretKey(TEST_SECRET_KEY));

describe.each(storageHarnesses)('subscription secrets on $name storage', (harness) => {
  const ctx = useStorageApp(harness);
  const stored = async (id: string) =>
    (await ctx.under.storage.subscriptions.findSubscription(id, null))!.secrets;
  const plain = async (id: string) => (await stored(id)).map((s) => cipher.decrypt(s.ciphertext));

  it('shows the secret on create only: never in get, list or update responses', async () => {
    const created = await ctx.app.as(null).post('/api/webhooks').send(valid).expect(201);
    const { secret } = created.body;
    const id = created.body.data.id;
    const responses = [
      await ctx.app.as(null).get(`/api/webhooks/${id}`).expect(200),
      await ctx.app.as(null).get('/api/webhooks').expect(200),
      await ctx.app.as(null).patch(`/api/webhooks/${id}`).send({ name: 'Renamed' }).expect(200),
      await ctx.app
        .as(null)
        .patch(`/api/webhooks/${id}`)
        .send({ secret: 'replacement-secret-1234' })
        .expect(200),
    ];
    for (const res of responses) {
      expect(res.text).not.toContain(secret);
      expect(res.text).not.toContain(secret.slice(6));
      expect(res.text).not.toContain('replacement-secret-1234');
      expect(res.text).not.toContain('ciphertext');
    }
    expect(await plain(id)).toEqual(['replacement-secret-1234']);
  });

  it('stores secrets encrypted with the configured key', async () => {
    const created = await ctx.app
      .as(null)
      .post('/api/webhooks')
      .send({ ...valid, secret: 'caller-chosen-secret-42' })
      .expect(201);
    const [secret] = await stored(created.body.data.id);
    expect(secret.ciphertext).not.toContain('caller-chosen-secret-42');
    expect(secret).toEqual({
      // Under the configured key, named by its key id.
      ciphertext: expect.stringMatching(new RegExp(`^${cipher.currentPrefix.replace(/[.]/g, '\\.')}`)),
      createdAt: ctx.clock.now(),
      expiresAt: null,
    });
    expect(cipher.decrypt(secret.ciphertext)).toBe('caller-chosen-secret-42');
    expect(() => new SecretCipher(Buffer.alloc(32, 1)).decrypt(secret.ciphertext)).toThrow();

    if (ctx.under.orm) {
      // The whole row, as PostgreSQL holds it, never contains the secret.
      const generated = (await ctx.app.as(null).post('/api/webhooks').send(valid).expect(201)).body;
      const rows = await runSql<{ row: string }>(
        ctx.under.orm,
        'select t::text as row from webhook_subscription t',
      );
      expect(rows).toHaveLength(2);
      for (const { row } of rows) {
        expect(row).not.toContain('caller-chosen-secret-42');
        expect(row).not.toContain(generated.secret.slice(6, 30));
      }
      const [column] = await runSql<{
        secrets: { ciphertext: string; created_at: string; expires_at: null }[];
      }>(ctx.under.orm, 'select secrets from webhook_subscription where id = ?', [generated.data.id]);
      expect(column.secrets).toEqual([
        { ciphertext: expect.any(String), created_at: '2026-03-16T12:00:00.000Z', expires_at: null },
      ]);
      expect(cipher.decrypt(column.secrets[0].ciphertext)).toBe(generated.secret);
    }
  });

  it('rotates: the new secret is returned once, the old one signs for 24 h, expired ones are dropped', async () => {
    const created = (await ctx.app.as(null).post('/api/webhooks').send(valid).expect(201)).body;
    const id = created.data.id;

    ctx.clock.advance(60_000);
    const first = await ctx.app.as(null).patch(`/api/webhooks/${id}/secret`).expect(200);
    expect(first.body).toEqual({
      data: { ...created.data, updated_at: '2026-03-16T12:01:00.000Z' },
      secret: expect.stringMatching(/^whsec_/),
    });
    expect(first.body.secret).not.toBe(created.secret);
    expect(await plain(id)).toEqual([first.body.secret, created.secret]);
    const rotatedAt = ctx.clock.now().getTime();
    expect((await stored(id)).map((s) => s.expiresAt?.getTime() ?? null)).toEqual([null, rotatedAt + DAY]);
    // Shown once: the next read does not carry it.
    expect((await ctx.app.as(null).get(`/api/webhooks/${id}`).expect(200)).text).not.toContain(
      first.body.secret,
    );

    // A second rotation inside the overlap keeps all three, each old one with its own expiry.
    ctx.clock.advance(DAY / 2);
    const second = await ctx.app
      .as(null)
      .patch(`/api/webhooks/${id}/secret`)
      .send({ secret: 'my-own-rotated-secret' })
      .expect(200);
    expect(second.body.secret).toBe('my-own-rotated-secret');
    expect(await plain(id)).toEqual(['my-own-rotated-secret', first.body.secret, created.secret]);
    expect((await stored(id)).map((s) => s.expiresAt?.getTime() ?? null)).toEqual([
      null,
      rotatedAt + DAY * 1.5,
      rotatedAt + DAY,
    ]);

    // Past the first overlap, the next write prunes the expired secret.
    ctx.clock.advance(DAY / 2);
    await ctx.app.as(null).patch(`/api/webhooks/${id}`).send({ name: 'pruned on write' }).expect(200);
    expect(await plain(id)).toEqual(['my-own-rotated-secret', first.body.secret]);
    ctx.clock.advance(DAY);
    const third = await ctx.app.as(null).patch(`/api/webhooks/${id}/secret`).send({}).expect(200);
    expect(await plain(id)).toEqual([third.body.secret, 'my-own-rotated-secret']);
  });

  it('refuses a bad rotation secret and answers 404 for an unknown subscription', async () => {
    const created = (await ctx.app.as(null).post('/api/webhooks').send(valid).expect(201)).body;
    const res = await ctx.app
      .as(null)
      .patch(`/api/webhooks/${created.data.id}/secret`)
      .send({ secret: 'short' })
      .expect(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ field: 'secret' })]);
    expect(await plain(created.data.id)).toEqual([created.secret]);
    await ctx.app.as(null).patch('/api/webhooks/whk_01JD3K7Q8XGZ4M5N6P7R8S9T0V/secret').expect(404);
  });
});
