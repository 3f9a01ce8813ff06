import type { FastifyInstance, FastifyReply } from 'fastify';
import { UI_ASSETS_DIR } from './ui-assets.js';
import { UI_PAGES, UI_SHARED_ASSETS } from './ui-pages.js';

/**
 * What `express.static` does with `maxAge: 0` on Express, spelled out so a host's defaults cannot
 * change it: `Cache-Control: public, max-age=0`, revalidated by `ETag` or `Last-Modified`.
 */
const REVALIDATED = {
  cacheControl: true,
  maxAge: 0,
  immutable: false,
  etag: true,
  lastModified: true,
  // A route per built file (the UI does not change while the app runs), none for a missing one.
  wildcard: false,
  // `reply.sendFile` is not ours to add: a host that registered @fastify/static has it already.
  decorateReply: false,
} as const;

/**
 * Whether the host's router takes `/console` and `/console/` for one path (`ignoreTrailingSlash`, at
 * the top of Fastify's options or in `routerOptions`, which Nest's adapter both reads).
 */
function ignoresTrailingSlash(instance: FastifyInstance): boolean {
  const config = instance.initialConfig;
  return Boolean(config.routerOptions?.ignoreTrailingSlash || config.ignoreTrailingSlash);
}

/**
 * `text/javascript`, as RFC 9239 and `express.static` name a script: the `mime` table of
 * `@fastify/send` still says `application/javascript`.
 */
function scriptTypeAsOnExpress(reply: FastifyReply, path: string): void {
  if (path.endsWith('.js')) reply.header('content-type', 'text/javascript; charset=utf-8');
}

/**
 * Serves the built UI on a Fastify instance with `@fastify/static` (an optional peer dependency,
 * only loaded on this platform), in a plugin context of its own so that the pages' headers hook
 * applies to the UI's routes only.
 */
export async function serveUiOnFastify(instance: FastifyInstance): Promise<void> {
  const { default: fastifyStatic } = await import('@fastify/static');
  // `/console` is redirected (301) to `/console/`, query kept, as on Express. A router that ignores
  // the trailing slash would route the redirect's target to the redirect again (a loop): there the
  // page is served at both.
  const redirect = !ignoresTrailingSlash(instance);
  await instance.register(async (ui) => {
    for (const page of UI_PAGES) {
      await ui.register(async (scope) => {
        // The page's headers on every answer of its routes: the file, its 304, the redirect to it.
        scope.addHook('onRequest', async (_request, reply) => {
          reply.headers(page.headers);
        });
        await scope.register(fastifyStatic, {
          root: `${UI_ASSETS_DIR}${page.folder}`,
          prefix: page.path,
          index: 'index.html',
          redirect,
          ...REVALIDATED,
        });
      });
    }
    await ui.register(fastifyStatic, {
      root: `${UI_ASSETS_DIR}${UI_SHARED_ASSETS.folder}`,
      prefix: UI_SHARED_ASSETS.path,
      setHeaders: (reply, path) => {
        reply.headers(UI_SHARED_ASSETS.headers);
        scriptTypeAsOnExpress(reply, path);
      },
      ...REVALIDATED,
    });
  });
}
