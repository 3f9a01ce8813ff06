import { MikroORM } from '@mikro-orm/postgresql';
import type { TestApp } from '../app-harness.js';

/** Runs one SQL statement on the app's own database (to read or bend a row the API does not show). */
export async function sql<T = Record<string, unknown>>(
  t: TestApp,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  return t.app.get(MikroORM).em.getConnection().execute<T[]>(text, values);
}
