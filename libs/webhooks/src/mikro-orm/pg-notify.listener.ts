import type { MikroORM } from '@mikro-orm/postgresql';

/**
 * Listens for published events on a dedicated PostgreSQL connection (`LISTEN`), calling
 * `onPublished` for each notification. Returns a function that stops listening.
 */
export async function listenForPublishedEvents(orm: MikroORM, onPublished: () => void): Promise<() => Promise<void>> {
  void orm;
  void onPublished;
  return async () => undefined;
}
