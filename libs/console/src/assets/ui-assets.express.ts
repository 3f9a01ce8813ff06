import type { Express, NextFunction, Request, Response } from 'express';
import { UI_ASSETS_DIR } from './ui-assets.js';
import { UI_PAGES, UI_SHARED_ASSETS } from './ui-pages.js';

/**
 * Serves the built UI on an Express instance with `express.static` (which the host's Express
 * provides: `express` is only loaded on this platform).
 */
export async function serveUiOnExpress(app: Express): Promise<void> {
  const { default: express } = await import('express');
  for (const page of UI_PAGES) {
    // The page's headers on every answer under its path, first (a 404 handler may set its own).
    app.use(page.path, (_request: Request, response: Response, next: NextFunction) => {
      response.set(page.headers);
      next();
    });
    app.use(page.path, express.static(`${UI_ASSETS_DIR}${page.folder}`, { index: 'index.html', maxAge: 0 }));
  }
  app.use(
    UI_SHARED_ASSETS.path,
    express.static(`${UI_ASSETS_DIR}${UI_SHARED_ASSETS.folder}`, {
      maxAge: 0,
      setHeaders: (response) => response.set(UI_SHARED_ASSETS.headers),
    }),
  );
}
