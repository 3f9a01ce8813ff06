import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { EVENT_PUBLISHED_CHANNEL } from './pg-channels.js';

/** Reconnect delays after the listening connection drops: doubled from the first up to the last. */
const RECONNECT_FIRST_MS = 100;
const RECONNECT_MAX_MS = 5_000;

/**
 * Listens for published events on a dedicated PostgreSQL connection (`LISTEN`), calling
 * `onPublished` for each notification. The connection is its own, outside MikroORM's pool: a
 * pooled connection would be handed to queries and lose the `LISTEN`. When it drops, it reconnects
 * with backoff and calls `onPublished` once, since notifications sent meanwhile are lost (the
 * dispatcher's poll covers that gap too). Notifications whose payload is `ownOrigin` (this process's,
 * already woken in-process) are skipped. Returns a function that stops listening.
 *
 * @throws Error when the first connection fails, so a misconfigured database stops start-up.
 */
export async function listenForPublishedEvents(
  orm: MikroORM,
  onPublished: () => void,
  ownOrigin?: string,
): Promise<() => Promise<void>> {
  const config = orm.em.getConnection().getConnectionOptions();
  let client: pg.Client | null = null;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let delay = RECONNECT_FIRST_MS;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ ...config, application_name: 'webhooks-listener' } as pg.ClientConfig);
    next.on('notification', (message) => {
      if (message.channel !== EVENT_PUBLISHED_CHANNEL) return;
      if (ownOrigin === undefined || message.payload !== ownOrigin) onPublished();
    });
    // Without an 'error' listener a dropped connection would crash the process.
    next.on('error', () => onDrop(next));
    next.on('end', () => onDrop(next));
    try {
      await next.connect();
      await next.query(`listen "${EVENT_PUBLISHED_CHANNEL}"`);
    } catch (error) {
      await next.end().catch(() => undefined);
      throw error;
    }
    // Only now may a drop trigger a reconnect; a failed connect is reported by the rejection.
    client = next;
    delay = RECONNECT_FIRST_MS;
  };

  const onDrop = (broken: pg.Client): void => {
    if (stopped || client !== broken) return;
    client = null;
    broken.end().catch(() => undefined);
    scheduleReconnect();
  };

  const scheduleReconnect = (): void => {
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect().then(
        async () => {
          if (stopped) await client?.end().catch(() => undefined);
          else onPublished();
        },
        () => {
          delay = Math.min(delay * 2, RECONNECT_MAX_MS);
          if (!stopped) scheduleReconnect();
        },
      );
    }, delay);
    retryTimer.unref();
  };

  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retryTimer);
    const current = client;
    client = null;
    await current?.end().catch(() => undefined);
  };
}
