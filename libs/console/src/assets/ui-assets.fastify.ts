import type { FastifyInstance, FastifyReply } from 'fastify';
import { UI_ASSETS_DIR } from './ui-assets.js';
import { UI_PAGES, UI_SHARED_ASSETS } from './ui-pages.js';

/**
 * Options of every `@fastify/static` registration of the UI. Caching as `express.static` with
 * `maxAge: 0` on Express, spelled out so a host's defaults cannot change it: `Cache-Control: public,
 * max-age=0`, revalidated by `ETag` or `Last-Modified`.
 */
const STATIC_OPTIONS = {
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
 * the top of Fastify's options or in `routerOptions`, both of which Nest's adapter reads).
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
 * @returns `false` when `@fastify/static` is not installed (nothing served).
 */
export async function serveUiOnFastify(instance: FastifyInstance): Promise<boolean> {
  let fastifyStatic: typeof import('@fastify/static').default;
  try {
    ({ default: fastifyStatic } = await import('@fastify/static'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return false;
    throw error;
  }
  // `/console` is redirected (301) to `/console/`, query kept, as on Express. A router that ignores
  // the trailing slash would route the redirect's target to the redirect again (a loop): there the
  // page is served at both.
  const redirect = !ignoresTrailingSlash(instance);
  // Queued, not awaited (as Nest's own `useStaticAssets`): awaiting loads Fastify's plugins now,
  // which freezes the error handler of every route registered so far before Nest has set its own
  // (the error envelope), so body-parser errors would answer in Fastify's format.
  void instance.register(async (ui) => {
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
          ...STATIC_OPTIONS,
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
      ...STATIC_OPTIONS,
    });
  });
  return true;
}
