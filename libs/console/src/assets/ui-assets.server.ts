import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import express from 'express';
import { CONSOLE_PATH, PORTAL_PATH } from '../console.constants.js';
import {
  RESOLVED_CONSOLE_OPTIONS,
  type ResolvedConsoleOptions,
} from '../options/resolved-console-options.js';
import { UI_ASSETS_DIR, uiAssetsBuilt } from './ui-assets.js';

/** Security headers of the UI pages: no third-party origin is ever needed (nothing from a CDN). */
const UI_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/**
 * Serves the built UI from the package at `/console` and `/portal`, beside (not under) the host's
 * global API prefix, as `@nestjs/serve-static` does: on the HTTP adapter directly. The portal page
 * may be framed by any host app (that is its purpose); the console may not be framed.
 */
@Injectable()
export class UiAssetsServer implements OnModuleInit {
  private readonly logger = new Logger('ConsoleModule');

  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(RESOLVED_CONSOLE_OPTIONS) private readonly options: ResolvedConsoleOptions,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (!this.options.serveUi || !adapter) return;
    if (!uiAssetsBuilt()) {
      this.logger.warn(`The console UI is not built (${UI_ASSETS_DIR}): run nx run @org/console:build.`);
      return;
    }
    const app = adapter.getInstance<express.Express>();
    for (const [path, framing] of [
      [CONSOLE_PATH, "frame-ancestors 'none'"],
      [PORTAL_PATH, 'frame-ancestors *'],
    ] as const) {
      app.use(path, (_req: express.Request, res: express.Response, next: express.NextFunction) => {
        res.set({
          ...UI_HEADERS,
          'Content-Security-Policy': `${UI_HEADERS['Content-Security-Policy']}; ${framing}`,
        });
        next();
      });
      app.use(path, express.static(`${UI_ASSETS_DIR}${path.slice(1)}`, { index: 'index.html', maxAge: 0 }));
    }
    // Entry scripts keep stable names (for embedding), so every asset is revalidated by its ETag.
    // Scripts and styles are served under their own types only (nosniff), whatever the host adds.
    app.use(
      '/ui-assets',
      express.static(`${UI_ASSETS_DIR}ui-assets`, {
        maxAge: 0,
        setHeaders: (res) => res.setHeader('X-Content-Type-Options', 'nosniff'),
      }),
    );
  }
}
