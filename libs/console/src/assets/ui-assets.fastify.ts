import type { FastifyInstance, FastifyReply } from 'fastify';
import { UI_ASSETS_DIR } from './ui-assets.js';
import { UI_PAGES, UI_SHARED_ASSETS } from './ui-pages.js';

/**
 * What `express.static` does with `maxAge: 0` on Express, spelled out so a host's defaults cannot
 * change it: `Cache-Control: public, max-age=0`, revalidated by `ETag` or `Last-Modified`; a folder
 * asked for without its trailing slash (`/console`) is redirected (301) to it, query kept.
 */
const AS_ON_EXPRESS = {
  cacheControl: true,
  maxAge: 0,
  immutable: false,
  etag: true,
  lastModified: true,
  redirect: true,
  // `reply.sendFile` is not ours to add: a host that registered @fastify/static has it already.
  decorateReply: false,
} as const;

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
  await instance.register(async (ui) => {
    for (const page of UI_PAGES) {
      await ui.register(async (scope) => {
        // The page's headers on every answer under its path, first (a 404 handler may set its own).
        scope.addHook('onRequest', async (_request, reply) => {
          reply.headers(page.headers);
        });
        await scope.register(fastifyStatic, {
          root: `${UI_ASSETS_DIR}${page.folder}`,
          prefix: page.path,
          index: 'index.html',
          setHeaders: scriptTypeAsOnExpress,
          ...AS_ON_EXPRESS,
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
      ...AS_ON_EXPRESS,
    });
  });
}
