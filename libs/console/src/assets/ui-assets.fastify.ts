import type { FastifyInstance } from 'fastify';
import { UI_ASSETS_DIR } from './ui-assets.js';
import { UI_PAGES, UI_SHARED_ASSETS } from './ui-pages.js';

/**
 * How every file of the UI is cached, as `express.static` with `maxAge: 0` does on Express:
 * `Cache-Control: public, max-age=0`, revalidated by its `ETag` or `Last-Modified`.
 */
const REVALIDATED = { cacheControl: true, maxAge: 0, immutable: false, etag: true, lastModified: true };

/**
 * Serves the built UI on a Fastify instance with `@fastify/static` (an optional peer dependency,
 * only loaded on this platform). Each folder is served from a plugin context of its own, so its
 * headers hook and `@fastify/static`'s routes stay there, beside whatever the host registers.
 */
export async function serveUiOnFastify(instance: FastifyInstance): Promise<void> {
  const { default: fastifyStatic } = await import('@fastify/static');
  for (const page of UI_PAGES) {
    const root = `${UI_ASSETS_DIR}${page.folder}`;
    void instance.register(async (scope) => {
      // Every answer under the page's path carries its headers, the 404 of a missing file too.
      scope.addHook('onRequest', async (_request, reply) => {
        reply.headers(page.headers);
      });
      // A host that registered @fastify/static itself already has `reply.sendFile` (a second one
      // would fail start-up); the page's own root and caching are passed to whichever one there is.
      const ownSendFile = !scope.hasReplyDecorator('sendFile');
      await scope.register(fastifyStatic, {
        root,
        prefix: `${page.path}/`,
        index: 'index.html',
        decorateReply: ownSendFile,
        ...REVALIDATED,
      });
      // The page at its own path too (`/console`, no trailing slash), as `express.static` serves it
      // on Express: `@fastify/static` routes `/console/*` only, and would redirect to add the slash.
      scope.get(page.path, (_request, reply) => reply.sendFile('index.html', root, REVALIDATED));
    });
  }
  void instance.register(async (scope) => {
    await scope.register(fastifyStatic, {
      root: `${UI_ASSETS_DIR}${UI_SHARED_ASSETS.folder}`,
      prefix: `${UI_SHARED_ASSETS.path}/`,
      decorateReply: false,
      setHeaders: (reply) => reply.headers(UI_SHARED_ASSETS.headers),
      ...REVALIDATED,
    });
  });
}
