import type { INestApplication, LogLevel, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { Platform } from './bench.types.js';

/** The JSON body limit of every bench app the bench builds itself: 1 MiB, as the host app's. */
export const BENCH_BODY_LIMIT_BYTES = 1_048_576;

/**
 * A Nest app of `module` on `platform`, as the ingest README tells hosts to set it up and with the
 * same JSON parser on both (1 MiB limit, raw bodies when asked): the bare baselines and the ingest
 * gateway are built here, so a figure and its baseline differ in the route only. Fastify keeps
 * `__proto__` and `constructor` keys as Express's `JSON.parse` does.
 */
export async function createBenchApp(
  module: Type,
  platform: Platform,
  options: { rawBody?: boolean } = {},
): Promise<INestApplication> {
  const logger: LogLevel[] = ['error', 'warn'];
  if (platform === 'fastify') {
    const adapter = new FastifyAdapter({
      bodyLimit: BENCH_BODY_LIMIT_BYTES,
      onProtoPoisoning: 'ignore',
      onConstructorPoisoning: 'ignore',
    });
    return NestFactory.create(module, adapter, { ...options, logger });
  }
  const app = await NestFactory.create<NestExpressApplication>(module, new ExpressAdapter(), {
    ...options,
    logger,
  });
  app.useBodyParser('json', { limit: BENCH_BODY_LIMIT_BYTES });
  return app;
}
