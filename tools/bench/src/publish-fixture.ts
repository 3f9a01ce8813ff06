import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Pool } from 'undici';
import { createDatabaseIfMissing, withDatabase, type DevDatabase } from '@org/dev-db';
import type { PreparedRequest } from './ingest-fixture.js';
import { BENCH_SECRET } from './outbound-fixture.js';

/** The one API key of the publish suite's app (sees every workspace, every scope). */
export const BENCH_API_KEY = `key_bench_${randomBytes(12).toString('hex')}`;

/** The event type every publish uses (in the host app's catalogue). */
export const BENCH_EVENT_TYPE = 'deal.updated';

const headers = { 'content-type': 'application/json', 'x-api-key': BENCH_API_KEY };

/** A new, empty database on `server` (the app migrates it at start) and its URL. */
export async function createPublishDatabase(server: DevDatabase): Promise<string> {
  const name = `bench_publish_${randomBytes(4).toString('hex')}`;
  await createDatabaseIfMissing(server.serverUrl, name);
  return withDatabase(server.serverUrl, name);
}

/** `count` distinct `POST /api/events` bodies (no idempotency key, so each send is a new event). */
export function publishRequests(count: number): PreparedRequest[] {
  return Array.from({ length: count }, (_, i) => ({
    headers,
    body: JSON.stringify({ type: BENCH_EVENT_TYPE, data: { i, amount: 1200, currency: 'EUR' } }),
  }));
}

/** `count` `POST /api/events/batch` bodies of `size` events each. */
export function batchRequests(count: number, size: number, path: string): PreparedRequest[] {
  return Array.from({ length: count }, (_, b) => ({
    headers,
    path,
    body: JSON.stringify({
      events: Array.from({ length: size }, (_, i) => ({
        type: BENCH_EVENT_TYPE,
        data: { batch: b, i, amount: 1200, currency: 'EUR' },
      })),
    }),
  }));
}

/** Event types of the host app's catalogue, for publishes spread over one subscription per type. */
export const BENCH_EVENT_TYPES = ['deal.updated', 'deal.won', 'deal.lost', 'contact.created'] as const;

/**
 * Subscribes each of `urls` through `POST /api/webhooks`: to every event type, or with `oneTypeEach`
 * the i-th to `BENCH_EVENT_TYPES[i]` only.
 */
export async function subscribeOverRest(
  origin: string,
  urls: readonly string[],
  oneTypeEach = false,
): Promise<void> {
  for (const [i, url] of urls.entries()) {
    const eventTypes = oneTypeEach ? { event_types: [BENCH_EVENT_TYPES[i]] } : {};
    const response = await fetch(`${origin}/api/webhooks`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: `bench ${i}`, url, secret: BENCH_SECRET, ...eventTypes }),
    });
    if (response.status !== 201) throw new Error(`subscribe: ${response.status} ${await response.text()}`);
  }
}

/** One `POST /api/events` over `pool` (keep-alive, as the load generator's); resolves with the event id. */
export async function publishOverRest(pool: Pool, i: number): Promise<string> {
  const response = await pool.request({
    path: '/api/events',
    method: 'POST',
    headers,
    body: JSON.stringify({ type: BENCH_EVENT_TYPE, data: { i } }),
  });
  const body = (await response.body.json()) as { data?: { id?: string } };
  if (response.statusCode !== 201 || !body.data?.id) throw new Error(`publish: ${response.statusCode}`);
  return body.data.id;
}

/** Rows counted with one SQL statement on `databaseUrl` (own short connection). */
export async function countRows(databaseUrl: string, statement: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(statement);
    return rows[0].n;
  } finally {
    await client.end();
  }
}
