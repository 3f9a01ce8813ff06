import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Receiver } from '@org/receiver';
import { MikroOrmWebhooksStorage } from '@org/webhooks/mikro-orm';
import { createMigratedTestOrm, type TestOrm } from './support/pg-test-orm.js';
import {
  eventually,
  PROBE_WORKSPACE,
  startDeliveryApp,
  startReceiver,
  type DeliveryApp,
} from './support/delivery-app.js';
import { TEST_SECRET_KEY } from './support/test-app.js';

const CHILD_DIR = join(import.meta.dirname, 'support', 'child');
const LEASE_MS = 1_500;
const EVENTS = 5;

/**
 * Starts a delivery instance in its own process and resolves once its worker runs. Its requests time
 * out before its leases expire (`timing`, LEASE_MS and 1 s by default), so a test must kill it
 * within that request timeout of the request it holds.
 */
function startChild(
  databaseUrl: string,
  timing: { leaseMs: number; requestTimeoutMs: number } = { leaseMs: LEASE_MS, requestTimeoutMs: 1_000 },
): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--conditions=@org/source', '--import', '@org/dev-db/ts-register', 'delivery-child.ts'],
    {
      cwd: CHILD_DIR,
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        DATABASE_URL: databaseUrl,
        WEBHOOKS_SECRET_KEY: TEST_SECRET_KEY,
        LEASE_MS: String(timing.leaseMs),
        REQUEST_TIMEOUT_MS: String(timing.requestTimeoutMs),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    // not-a-wait: a stuck-guard; the child's "ready" ends the wait.
    const timer = setTimeout(() => reject(new Error(`child did not start in time: ${stderr}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child exited with ${code} before it was ready: ${stderr}`));
    });
  });
}

const exited = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null
      ? resolve(child.exitCode)
      : child.once('exit', (code) => resolve(code)),
  );

// At-least-once across a crash: a process killed mid-request (the endpoint has the request but has
// not answered) must not lose the delivery; another process sends it again once the lease expires.
describe('crash safety (a delivery process is SIGKILLed mid-request)', () => {
  let db: TestOrm;
  let api: DeliveryApp;
  let endpoint: Receiver;
  let holdRequests = true;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    db = await createMigratedTestOrm();
    // This instance only takes API calls and publishes; the children deliver.
    api = await startDeliveryApp(new MikroOrmWebhooksStorage(db.orm), { worker: false });
    endpoint = await startReceiver({ respond: () => (holdRequests ? { delayMs: 60_000 } : { status: 200 }) });
  });
  afterAll(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await api?.close();
    await endpoint?.close();
    await db?.close();
  });

  it('delivers every event after a restart, and a clean stop drains', async () => {
    await api.subscribe({ url: endpoint.url });
    const published = new Set<string>();
    for (let i = 0; i < EVENTS; i++) published.add((await api.webhooks.publish('contact.created', { i })).id);

    const crashing = await startChild(db.url);
    children.push(crashing);
    await endpoint.waitFor(EVENTS, 20_000);
    // Every request is in the endpoint's hands, unanswered: kill the process now.
    crashing.kill('SIGKILL');
    await exited(crashing);
    const [pending] = await db.orm.em
      .getConnection()
      .execute<{ n: number }[]>(`select count(*)::int as n from webhook_delivery where status = 'pending'`);
    expect(pending.n).toBe(EVENTS);

    holdRequests = false;
    const restarted = await startChild(db.url);
    children.push(restarted);
    const requests = await endpoint.waitFor(2 * EVENTS, 20_000);
    const answeredOk = new Set(
      requests.filter((r) => r.response.status === 200).map((r) => String(r.headers['webhook-id'])),
    );
    expect(answeredOk).toEqual(published);
    expect(requests.slice(EVENTS).every((r) => r.verification.signature.status === 'valid')).toBe(true);
    // Sent again only after the first claim's lease ran out.
    const firstSeen = Math.min(...requests.slice(0, EVENTS).map((r) => r.receivedAt.getTime()));
    const resent = Math.min(...requests.slice(EVENTS).map((r) => r.receivedAt.getTime()));
    expect(resent - firstSeen).toBeGreaterThanOrEqual(LEASE_MS - 50);

    const rows = await eventually(async () => {
      const found = await api.as(null).get('/api/webhooks/deliveries').expect(200);
      expect(found.body.data.map((d: { status: string }) => d.status)).toEqual(Array(EVENTS).fill('success'));
      return found.body.data;
    });
    expect(rows.every((d: { attempt: number }) => d.attempt === 1)).toBe(true);

    // A clean stop drains and leaves no open handle behind: the process exits on its own.
    restarted.kill('SIGTERM');
    expect(await exited(restarted)).toBe(0);
  });

  it('keeps a FIFO subscription in order across a SIGKILL: the killed head goes again before the next event', async () => {
    let hold = true;
    const fifo = await startReceiver({ respond: () => (hold ? { delayMs: 60_000 } : { status: 200 }) });
    try {
      const fifoId = await api.subscribe({ url: fifo.url, event_types: ['deal.won'], ordering: 'fifo' });
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await api.webhooks.publish('deal.won', { i })).id);

      // Killed only after a probe's delivery: its held request gets a timeout that outlasts that.
      const crashing = await startChild(db.url, { leaseMs: 5_000, requestTimeoutMs: 4_000 });
      children.push(crashing);
      await fifo.waitFor(1, 20_000);
      // The head is in flight: nothing after it goes out meanwhile. The chance: a probe published now
      // is delivered by a later claim of the same process, and a claim is committed (leased) before
      // its requests start; so once the probe arrived, anything that claim took holds a lease.
      const probe = await startReceiver();
      try {
        await api.subscribe({ url: probe.url, name: 'probe' }, PROBE_WORKSPACE);
        await api.webhooks.publish('task.created', { probe: 1 }, { workspace: PROBE_WORKSPACE });
        await probe.waitFor(1, 20_000);
      } finally {
        await probe.close();
      }
      const taken = await db.orm.em
        .getConnection()
        .execute<{ event_id: string }[]>(
          `select event_id from webhook_delivery where subscription_id = ? and (lease_token is not null or status <> 'pending')`,
          [fifoId],
        );
      expect(taken.map((row) => row.event_id)).toEqual([ids[0]]);
      expect(fifo.requests).toHaveLength(1);
      crashing.kill('SIGKILL');
      await exited(crashing);

      hold = false;
      const restarted = await startChild(db.url);
      children.push(restarted);
      const requests = await fifo.waitFor(4, 20_000);
      expect(requests.map((r) => r.eventId)).toEqual([ids[0], ids[0], ids[1], ids[2]]);
      restarted.kill('SIGTERM');
      expect(await exited(restarted)).toBe(0);
    } finally {
      await fifo.close();
    }
  });
});
