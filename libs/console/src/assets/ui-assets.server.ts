import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Express } from 'express';
import type { FastifyInstance } from 'fastify';
import { CONSOLE_MODULE_NAME } from '../console.constants.js';
import { CONSOLE_MESSAGES } from '../console.messages.js';
import {
  RESOLVED_CONSOLE_OPTIONS,
  type ResolvedConsoleOptions,
} from '../options/resolved-console-options.js';
import { serveUiOnExpress } from './ui-assets.express.js';
import { serveUiOnFastify } from './ui-assets.fastify.js';
import { UI_ASSETS_DIR, uiAssetsBuilt } from './ui-assets.js';

/**
 * Serves the built UI from the package at `/console`, `/portal` and `/ui-assets`, beside (not
 * under) the host's global API prefix, as `@nestjs/serve-static` does: on the HTTP adapter directly,
 * with the static file server of its platform (`express.static` on Express, `@fastify/static` on
 * Fastify), under the same headers on both (`ui-pages.ts`).
 */
@Injectable()
export class UiAssetsServer implements OnModuleInit {
  private readonly logger = new Logger(CONSOLE_MODULE_NAME);

  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(RESOLVED_CONSOLE_OPTIONS) private readonly options: ResolvedConsoleOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    const adapter = this.adapterHost.httpAdapter;
    if (!this.options.serveUi || !adapter) return;
    if (!uiAssetsBuilt()) {
      this.logger.warn(CONSOLE_MESSAGES.uiNotBuilt(UI_ASSETS_DIR));
      return;
    }
    const platform = adapter.getType();
    if (platform === 'express') return serveUiOnExpress(adapter.getInstance<Express>());
    if (platform !== 'fastify') return this.logger.warn(CONSOLE_MESSAGES.uiPlatformUnsupported(platform));
    if (!(await serveUiOnFastify(adapter.getInstance<FastifyInstance>())))
      this.logger.warn(CONSOLE_MESSAGES.uiNeedsFastifyStatic);
  }
}
