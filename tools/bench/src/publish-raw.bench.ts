import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** What each raw transaction does beside its insert. */
export type RawCommitShape = 'insert' | 'insert+notify';

/**
 * The database's own ceiling for publishes: `clients` connections each running
 * `BEGIN; INSERT INTO webhook_event …; COMMIT` (and, for `insert+notify`, a `pg_notify` in the
 * transaction, as a publish used to send) back to back for `durationMs`. Transactions per second.
 */
export async function rawCommitRate(
  databaseUrl: string,
  clients: number,
  durationMs: number,
  shape: RawCommitShape,
): Promise<number> {
  const connections = await Promise.all(
    Array.from({ length: clients }, async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      return client;
    }),
  );
  const tag = randomBytes(4).toString('hex');
  let committed = 0;
  let next = 0;
  const end = performance.now() + durationMs;
  try {
    await Promise.all(
      connections.map(async (client) => {
        while (performance.now() < end) {
          const i = next++;
          await client.query('begin');
          await client.query({
            name: 'bench_raw_insert',
            text: `insert into webhook_event (id, workspace, type, payload, created_at) values ($1, null, 'deal.updated', $2, now())`,
            values: [`evt_raw_${tag}_${i}`, `{"id":"evt_raw_${tag}_${i}","data":{"i":${i}}}`],
          });
          if (shape === 'insert+notify') await client.query(`select pg_notify('bench_raw', '')`);
          await client.query('commit');
          committed++;
        }
      }),
    );
  } finally {
    await Promise.all(connections.map((client) => client.end()));
  }
  return committed / (durationMs / 1000);
}
