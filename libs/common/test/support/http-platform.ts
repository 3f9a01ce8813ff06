import type { INestApplication } from '@nestjs/common';
import type { AbstractHttpAdapter } from '@nestjs/core';
import type { FastifyBodyParser } from 'fastify';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';

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
 */
export function createHttpAdapter(name: HttpAdapterName): AbstractHttpAdapter {
  if (name === 'express') return new ExpressAdapter();
  return new FastifyAdapter({ onProtoPoisoning: 'ignore', onConstructorPoisoning: 'ignore' });
}

/**
 * Installs the JSON parser as the READMEs tell hosts to, `limitBytes` its limit when given.
 * body-parser (Express) takes a JSON content type with an empty body as no body; Fastify's parser
 * answers it 400, so a `DELETE` a client sends with `Content-Type: application/json` and nothing
 * else would fail. The Fastify parser takes an empty body as none and otherwise parses as Nest's
 * default does (with the instance's prototype-poisoning settings); Nest keeps `req.rawBody` around it.
 */
export function useJsonParser(app: INestApplication, limitBytes?: number): void {
  if (app.getHttpAdapter().getType() === 'express') {
    if (limitBytes !== undefined)
      (app as NestExpressApplication).useBodyParser('json', { limit: limitBytes });
    return;
  }
  const fastifyApp = app as NestFastifyApplication;
  const fastify = fastifyApp.getHttpAdapter().getInstance();
  const { onProtoPoisoning, onConstructorPoisoning } = fastify.initialConfig;
  // Typed for string bodies, it takes Nest's Buffers as well (Nest's default parser hands it those).
  const parse = fastify.getDefaultJsonParser(
    onProtoPoisoning ?? 'error',
    onConstructorPoisoning ?? 'error',
  ) as unknown as FastifyBodyParser<Buffer>;
  const emptyAsNoBody: FastifyBodyParser<Buffer> = (request, body, done) => {
    if (body.length === 0) done(null, undefined);
    else void parse(request, body, done);
  };
  fastifyApp.useBodyParser(
    'application/json',
    limitBytes === undefined ? {} : { bodyLimit: limitBytes },
    emptyAsNoBody,
  );
}

/**
 * Waits until the app answers requests given straight to its server (supertest): Fastify loads its
 * plugins on `ready()`, which `listen()` would otherwise call. Express is ready after `init()`.
 */
export async function untilServing(app: INestApplication): Promise<void> {
  const instance = app.getHttpAdapter().getInstance() as { ready?: () => PromiseLike<unknown> };
  if (app.getHttpAdapter().getType() === 'fastify') await instance.ready?.();
}
