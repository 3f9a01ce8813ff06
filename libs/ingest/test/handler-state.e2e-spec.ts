import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Injectable } from '@nestjs/common';
import { defineEntity, p } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { newId } from '@org/common';
import { OnWebhook, type InboundContext, type InboundEvent } from '@org/ingest';
import { SECRETS, stripeRequest } from './support/signing.js';
import { startIngestApp, type IngestTestApp } from './support/test-app.js';
import { createTestStore, STORE_KINDS, type TestStore } from './support/test-stores.js';

/** A row each handler writes through its `context.em`, to see whose writes commit. */
const HandlerWrite = defineEntity({
  name: 'HandlerWrite',
  tableName: 'handler_write',
  properties: { id: p.string().primary(), handler: p.string(), eventId: p.string() },
});
const HANDLER_WRITE_TABLE =
  'create table "handler_write" ("id" text primary key, "handler" text not null, "event_id" text not null)';

/** Two handlers of one event: `ledger` always succeeds, `mailer` fails while `mailerFailures` > 0. */
@Injectable()
class TwoHandlers {
  readonly runs: { handler: string; eventId: string }[] = [];
  mailerFailures = 0;

  @OnWebhook('stripe', 'payment_intent.succeeded')
  async ledger(event: InboundEvent, context: InboundContext): Promise<void> {
    await this.record('ledger', event, context);
  }

  @OnWebhook('stripe', 'payment_intent.succeeded')
  async mailer(event: InboundEvent, context: InboundContext): Promise<void> {
    await this.record('mailer', event, context);
    if (this.mailerFailures > 0) {
      this.mailerFailures -= 1;
      throw new Error('SMTP unavailable');
    }
  }

  private async record(handler: string, event: InboundEvent, context: InboundContext): Promise<void> {
    this.runs.push({ handler, eventId: event.id });
    const em = context.em as EntityManager | undefined;
    if (em) await em.insert(HandlerWrite, { id: newId('hw'), handler, eventId: event.id });
  }

  runsOf(handler: string, eventId: string): number {
    return this.runs.filter((r) => r.handler === handler && r.eventId === eventId).length;
  }
}

const RETRY = { attempts: 2, backoffMs: 1_000, backoffFactor: 2, maxBackoffMs: 60_000 };

describe.each(STORE_KINDS)('per-handler state, replay and range retry (%s store)', (kind) => {
  let store: TestStore;
  let t: IngestTestApp;
  let handlers: TwoHandlers;

  beforeAll(async () => {
    store = await createTestStore(kind, [HandlerWrite], [HANDLER_WRITE_TABLE]);
    t = await startIngestApp({
      store: store.store,
      providers: [TwoHandlers],
      options: { sources: { stripe: { secrets: [SECRETS.stripe] } }, retry: RETRY },
    });
    handlers = t.app.get(TwoHandlers);
  });
  afterAll(async () => {
    await t.close();
    await store.close();
  });
  beforeEach(() => {
    handlers.mailerFailures = 0;
  });

  const deliver = async (externalId: string) => {
    const { body, headers } = stripeRequest({ id: externalId, at: t.clock.now() });
    const response = await t.post('/webhooks/stripe', body, headers);
    expect(response.status).toBe(200);
    return response.body.id as string;
  };
  const detail = async (id: string) => (await t.get(`/inbound-events/${id}`)).body.data;
  const writesOf = async (eventId: string) => {
    if (!store.database) return undefined;
    const rows = await store.database.em
      .fork()
      .execute<{ handler: string }[]>(
        'select "handler" from "handler_write" where "event_id" = ? order by "handler"',
        [eventId],
      );
    return rows.map((r) => r.handler);
  };
  const handlerState = (handler: string, status: string, attempts: number, lastError: string | null) => ({
    handler: `TwoHandlers.${handler}`,
    status,
    attempts,
    last_error: lastError,
    last_attempt_at: expect.any(String),
  });

  it('records each handler, and a retry reruns only the one that failed (a replay meanwhile is refused)', async () => {
    handlers.mailerFailures = 1;
    const id = await deliver('evt_two_handlers');
    await t.drain();
    expect(await detail(id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'Error: SMTP unavailable',
      handlers: [
        handlerState('ledger', 'succeeded', 1, null),
        handlerState('mailer', 'failed', 1, 'Error: SMTP unavailable'),
      ],
    });
    // The ledger's write committed although the mailer failed; the mailer's own write rolled back.
    if (store.database) expect(await writesOf(id)).toEqual(['ledger']);
    // Waiting for its retry, it is busy: a replay is refused.
    const busy = await t.post(`/inbound-events/${id}/replay`, '', {});
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('inbound_event_busy');

    t.clock.advance(1_000);
    await t.drain();
    expect(await detail(id)).toMatchObject({
      status: 'processed',
      attempts: 2,
      handlers: [
        handlerState('ledger', 'succeeded', 1, null),
        handlerState('mailer', 'succeeded', 2, 'Error: SMTP unavailable'),
      ],
    });
    expect(handlers.runsOf('ledger', id)).toBe(1);
    expect(handlers.runsOf('mailer', id)).toBe(2);
    if (store.database) expect(await writesOf(id)).toEqual(['ledger', 'mailer']);
  });

  it('retries a failed event through the API running only its failed handler', async () => {
    handlers.mailerFailures = 2;
    const id = await deliver('evt_api_retry');
    await t.drain();
    t.clock.advance(1_000);
    await t.drain();
    expect((await detail(id)).status).toBe('failed');
    const retried = await t.post(`/inbound-events/${id}/retry`, '', {});
    expect(retried.status).toBe(202);
    await t.drain();
    expect(await detail(id)).toMatchObject({ status: 'processed' });
    expect(handlers.runsOf('ledger', id)).toBe(1);
    expect(handlers.runsOf('mailer', id)).toBe(3);
  });

  it('replays every handler of a processed event', async () => {
    const id = await deliver('evt_replay');
    await t.drain();
    expect(handlers.runsOf('ledger', id)).toBe(1);
    const replayed = await t.post(`/inbound-events/${id}/replay`, '', {});
    expect(replayed.status).toBe(202);
    expect(replayed.body.data).toMatchObject({ status: 'pending', attempts: 0, handlers: [] });
    await t.drain();
    expect(await detail(id)).toMatchObject({
      status: 'processed',
      handlers: [handlerState('ledger', 'succeeded', 1, null), handlerState('mailer', 'succeeded', 1, null)],
    });
    expect(handlers.runsOf('ledger', id)).toBe(2);
    expect(handlers.runsOf('mailer', id)).toBe(2);
    expect((await t.post(`/inbound-events/${newId('iev')}/replay`, '', {})).status).toBe(404);
  });

  it('retries the failed events of a range in the background and answers how many', async () => {
    const since = t.clock.now().toISOString();
    handlers.mailerFailures = 4;
    const ids = [await deliver('evt_range_1'), await deliver('evt_range_2')];
    await t.drain();
    t.clock.advance(1_000);
    await t.drain();
    for (const id of ids) expect((await detail(id)).status).toBe('failed');
    const until = new Date(t.clock.now().getTime() + 1).toISOString();

    const json = { 'content-type': 'application/json' };
    const response = await t.post(
      '/inbound-events/retry',
      JSON.stringify({ status: 'failed', since, until }),
      json,
    );
    expect(response).toEqual({ status: 202, body: { data: { scheduled: 2 } } });
    await t.drain();
    for (const id of ids) {
      expect(await detail(id)).toMatchObject({ status: 'processed' });
      expect(handlers.runsOf('ledger', id)).toBe(1);
      expect(handlers.runsOf('mailer', id)).toBe(3);
    }
    const again = await t.post('/inbound-events/retry', JSON.stringify({ status: 'failed', since }), json);
    expect(again.body).toEqual({ data: { scheduled: 0 } });
  });

  it('refuses a bad range with 400 naming the field', async () => {
    const json = { 'content-type': 'application/json' };
    const reversed = await t.post(
      '/inbound-events/retry',
      JSON.stringify({ status: 'failed', since: '2026-12-02T00:00:00Z', until: '2026-12-01T00:00:00Z' }),
      json,
    );
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.details).toEqual([expect.objectContaining({ field: 'until' })]);
    const bad = await t.post(
      '/inbound-events/retry',
      JSON.stringify({ status: 'processed', since: 'yesterday' }),
      json,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['since', 'status']);
  });
});
