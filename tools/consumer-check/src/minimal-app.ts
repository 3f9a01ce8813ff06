import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LibraryPackage } from './packed-libraries.js';

/**
 * A Nest app on the root entry points of the libraries, in memory with an HMAC source, whose
 * package.json lists the libraries' required peers only: installed beside examples/nest-app, it
 * shows that nothing an optional peer serves is loaded unless used.
 */
export const MINIMAL_APP_DIR = join(import.meta.dirname, '..', 'fixtures', 'minimal-app');

/** The optional peers of the installed `libraries` (their published `peerDependenciesMeta`), sorted. */
export function optionalPeersOf(appDir: string, libraries: readonly LibraryPackage[]): string[] {
  const names = new Set<string>();
  for (const { name } of libraries) {
    const manifest = JSON.parse(readFileSync(join(appDir, 'node_modules', name, 'package.json'), 'utf8')) as {
      peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    };
    for (const [peer, meta] of Object.entries(manifest.peerDependenciesMeta ?? {}))
      if (meta.optional) names.add(peer);
  }
  return [...names].sort();
}

/** An `order.paid` of the fixture's `partner` source, signed as it verifies it (HMAC-SHA256 of the body, hex). */
export function signedPartnerEvent(
  secret: string,
  order: string,
): { headers: Record<string, string>; body: string } {
  const body = JSON.stringify({ id: `evt_${randomUUID()}`, type: 'order.paid', data: { order } });
  const signature = createHmac('sha256', secret).update(body).digest('hex');
  return { headers: { 'content-type': 'application/json', 'x-signature': `sha256=${signature}` }, body };
}
