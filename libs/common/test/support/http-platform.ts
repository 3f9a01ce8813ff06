import type { INestApplication } from '@nestjs/common';
import type { AbstractHttpAdapter } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';

/** The HTTP platforms the libraries run on, for `describe.each`. */
export const HTTP_ADAPTERS = ['express', 'fastify'] as const;

/** One of {@link HTTP_ADAPTERS}. */
export type HttpAdapterName = (typeof HTTP_ADAPTERS)[number];

/**
 * The platform the libraries' HTTP suites run on: `TEST_HTTP_ADAPTER` (`express` when unset), so
 * that CI runs the same suites once per platform. Another value fails rather than testing Express.
 */
export function testHttpAdapter(): HttpAdapterName {
  const value = process.env.TEST_HTTP_ADAPTER?.trim() || 'express';
  const name = HTTP_ADAPTERS.find((adapter) => adapter === value);
  if (!name)
    throw new Error(`TEST_HTTP_ADAPTER="${value}" is not a platform (use ${HTTP_ADAPTERS.join(' or ')})`);
  return name;
}

/**
 * A fresh adapter of the platform, set up as the READMEs tell hosts to. Fastify refuses JSON with
 * `__proto__` or `constructor.prototype` keys by default, where Express keeps them as plain keys
 * (`JSON.parse`); the libraries store such data exactly as sent, so hosts turn that off.
 * `bodyLimit` (bytes) is Fastify's parser limit; Express takes its own per parser.
 */
export function createHttpAdapter(
  name: HttpAdapterName,
  options: { bodyLimit?: number } = {},
): AbstractHttpAdapter {
  if (name === 'express') return new ExpressAdapter();
  return new FastifyAdapter({
    onProtoPoisoning: 'ignore',
    onConstructorPoisoning: 'ignore',
    ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
  });
}

/**
 * Waits until the app answers requests given straight to its server (supertest): Fastify loads its
 * plugins on `ready()`, which `listen()` would otherwise call. Express is ready after `init()`.
 */
export async function untilServing(app: INestApplication): Promise<void> {
  const instance = app.getHttpAdapter().getInstance() as { ready?: () => PromiseLike<unknown> };
  if (app.getHttpAdapter().getType() === 'fastify') await instance.ready?.();
}
