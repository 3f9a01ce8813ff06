import type { IncomingMessage } from 'node:http';
import express from 'express';
import type { AbstractHttpAdapter } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { INestApplication } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import type { HttpAdapterName } from '../config/app-config.js';
import { MAX_BODY_BYTES, MAX_BODY_SIZE, REQUEST_TIMEOUT_MS, ROUTE_BODY_LIMITS } from './http-limits.js';
import { routeBodyParsers } from './request-gate.middleware.js';
import type { ExpressRouteMatching, FastifyRouteMatching } from './route-access.map.js';

/**
 * What differs between the two HTTP platforms the app runs on; everything else in `createApp` is
 * the same code on both (the gate and the headers are Node `IncomingMessage`/`ServerResponse`
 * middleware, mounted with `app.use`: Express's router, or @fastify/middie in Fastify's `onRequest`
 * hook, before content-type parsing).
 */
export interface HttpPlatform {
  /** A new adapter for `NestFactory.create`. */
  createAdapter(): AbstractHttpAdapter;
  /**
   * Platform settings applied once the app exists, before any route is registered (`prefix`: the
   * global route prefix, without slashes).
   */
  configure(app: INestApplication, prefix: string): void;
  /** How the platform's router matches a path, which the pre-body gate repeats. */
  routeMatching(app: INestApplication): ExpressRouteMatching | FastifyRouteMatching;
  /**
   * The JSON body parsers, after the gate: {@link MAX_BODY_SIZE}, or the route's own limit of
   * {@link ROUTE_BODY_LIMITS} (declared or chunked), the raw bytes kept on `req.rawBody`.
   */
  useBodyParsers(app: INestApplication): void;
}

/** The {@link HttpPlatform} of `HTTP_ADAPTER`. */
export function httpPlatform(name: HttpAdapterName): HttpPlatform {
  return name === 'fastify' ? FASTIFY : EXPRESS;
}

/** What Nest's `rawBody: true` does in its JSON parser: the exact bytes stay on `req.rawBody`. */
function keepRawBody(request: IncomingMessage, _response: unknown, body: Buffer): void {
  (request as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
}

const EXPRESS: HttpPlatform = {
  createAdapter: () => new ExpressAdapter(),
  configure(app) {
    (app as NestExpressApplication).disable('x-powered-by');
  },
  routeMatching(app) {
    const router = (app as NestExpressApplication).getHttpAdapter().getInstance() as express.Express;
    return {
      router: 'express',
      caseSensitive: router.enabled('case sensitive routing'),
      strict: router.enabled('strict routing'),
    };
  },
  useBodyParsers(app) {
    // Routes with a larger limit parse first, chosen by the route the gate matched (keeping the raw
    // body, as `rawBody: true` does for the general parser); the general parser then skips their
    // already-read bodies.
    const parsers = new Map(
      [...ROUTE_BODY_LIMITS].map(([route, limit]) => [route, express.json({ limit, verify: keepRawBody })]),
    );
    app.use(routeBodyParsers(parsers));
    (app as NestExpressApplication).useBodyParser('json', { limit: MAX_BODY_SIZE });
  },
};

const FASTIFY: HttpPlatform = {
  createAdapter: () =>
    new FastifyAdapter({
      // The same paths as Express's defaults: `/API/EVENTS` and `/api/events/` are `/api/events`.
      routerOptions: { caseSensitive: false, ignoreTrailingSlash: true },
      bodyLimit: MAX_BODY_BYTES,
      requestTimeout: REQUEST_TIMEOUT_MS,
    }),
  configure(app, prefix) {
    // Fastify sends no `X-Powered-By`. A route's own body limit is a route option in Fastify,
    // which its body reader applies to declared and chunked bodies alike.
    const routeTemplates = new Map([...ROUTE_BODY_LIMITS.keys()].map((t) => [`/${prefix}${t}`, t]));
    const fastify = (app as NestFastifyApplication).getHttpAdapter().getInstance() as FastifyInstance;
    fastify.addHook('onRoute', (route) => {
      const template = routeTemplates.get(route.url);
      if (template !== undefined) route.bodyLimit = ROUTE_BODY_LIMITS.get(template);
    });
  },
  routeMatching(app) {
    // Nest reads the router's options as Fastify does (its own and the top-level ones), but for
    // slashes in a row.
    const adapter = (app as NestFastifyApplication).getHttpAdapter() as FastifyAdapter;
    const options = adapter.getRouteMatchingOptions();
    const fastify = adapter.getInstance() as FastifyInstance;
    return {
      router: 'fastify',
      caseSensitive: options.caseSensitive,
      ignoreTrailingSlash: options.ignoreTrailingSlash,
      ignoreDuplicateSlashes: fastify.initialConfig.routerOptions?.ignoreDuplicateSlashes === true,
      useSemicolonDelimiter: options.useSemicolonDelimiter === true,
      maxParamLength: options.maxParamLength ?? 100,
    };
  },
  useBodyParsers(app) {
    (app as NestFastifyApplication).useBodyParser('application/json', { bodyLimit: MAX_BODY_BYTES });
  },
};
