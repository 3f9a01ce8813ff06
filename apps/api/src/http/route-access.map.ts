import { Injectable, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { SIGNATURE_AUTHENTICATED } from '@org/common';
import FindMyWay from 'find-my-way';
import { match, type MatchFunction } from 'path-to-regexp';
import { IS_PUBLIC } from '../auth/public.decorator.js';

/**
 * How the HTTP router matches paths. The gate must match exactly as the router does: a gate that
 * is stricter (case, a trailing slash) than the router lets a request reach a handler unchecked.
 */
export type RouteMatching = {
  /** The global prefix, without slashes (`api`). */
  prefix: string;
  /** Controller paths the global prefix is not applied to (`metrics`). */
  excludedFromPrefix: readonly string[];
} & (ExpressRouteMatching | FastifyRouteMatching);

/** Express's router (`router` with path-to-regexp). */
export interface ExpressRouteMatching {
  router: 'express';
  /** Express's `case sensitive routing` setting (off by default: `/API/EVENTS` is `/api/events`). */
  caseSensitive: boolean;
  /** Express's `strict routing` setting (off by default: a trailing slash is ignored). */
  strict: boolean;
}

/**
 * Fastify's router (find-my-way), with the options of the Fastify instance's `routerOptions` that
 * decide whether a path matches.
 */
export interface FastifyRouteMatching {
  router: 'fastify';
  caseSensitive: boolean;
  ignoreTrailingSlash: boolean;
  ignoreDuplicateSlashes: boolean;
  useSemicolonDelimiter: boolean;
  maxParamLength: number;
}

/** The route a request path resolves to, as the pre-body gate needs it. */
export interface RouteMatch {
  /** Public or signature-authenticated: no API key is asked for. */
  open: boolean;
  /** The route's path template under the prefix (`/events/batch`, `/webhooks/:id`), for its body limit. */
  template: string;
}

/** A route with the path (prefix included) the router registers it under. */
interface RouteAccess extends RouteMatch {
  method: string;
  path: string;
}

/** Finds the route of a request path. */
type RouteFinder = (method: string, path: string) => RouteMatch | undefined;

/**
 * Which routes need an API key, read from the controllers' metadata (the same `@Public()` and
 * `SignatureAuthenticated()` marks: routes without either carry a guard asking `AppAuthorizer`), so that the key can be checked before
 * the body is read: body parsing runs before any guard. Built once, on first use.
 */
@Injectable()
export class RouteAccessMap {
  private finder: RouteFinder | null = null;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  /**
   * The route `method path` (path without the query, as sent) is dispatched to, or `undefined` when
   * the router would find none. Matching is the router's own: on Express path-to-regexp with the
   * options `router/lib/layer.js` gives it (a trailing slash allowed unless strict, case folded
   * unless case-sensitive, the path left encoded: `/api/%65vents` is no route there); on Fastify a
   * find-my-way router with the Fastify instance's options (which decodes `/api/%65vents` to
   * `/api/events`, as Fastify's own router does).
   */
  match(method: string, path: string, matching: RouteMatching): RouteMatch | undefined {
    this.finder ??=
      matching.router === 'fastify'
        ? fastifyFinder(this.collect(matching), matching)
        : expressFinder(this.collect(matching), matching);
    return this.finder(method.toUpperCase(), path);
  }

  private collect(matching: RouteMatching): RouteAccess[] {
    const routes: RouteAccess[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const type = wrapper.metatype as (new (...args: never[]) => object) | undefined;
      if (!type) continue;
      const base = [this.reflector.get<string | string[]>(PATH_METADATA, type) ?? ''].flat();
      for (const name of this.scanner.getAllMethodNames(type.prototype)) {
        const handler = (type.prototype as Record<string, () => unknown>)[name];
        const requestMethod = this.reflector.get<RequestMethod | undefined>(METHOD_METADATA, handler);
        if (requestMethod === undefined) continue;
        const open = Boolean(
          this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, type]) ||
          this.reflector.getAllAndOverride<boolean>(SIGNATURE_AUTHENTICATED, [handler, type]),
        );
        const paths = [this.reflector.get<string | string[]>(PATH_METADATA, handler) ?? ''].flat();
        for (const controllerPath of base) {
          const prefixed = !matching.excludedFromPrefix.includes(trimSlashes(controllerPath));
          for (const path of paths) {
            const template = join([controllerPath, path]);
            routes.push({
              method: RequestMethod[requestMethod],
              path: prefixed ? join([matching.prefix, template]) : template,
              template,
              open,
            });
          }
        }
      }
    }
    // Should an open route and a key-protected one both match a path, the key is asked for (fail closed).
    return routes.sort((a, b) => Number(a.open) - Number(b.open));
  }
}

/** Express: the first route, in order, whose matcher takes the path (see `Layer` in `router/lib/layer.js`). */
function expressFinder(routes: RouteAccess[], matching: ExpressRouteMatching): RouteFinder {
  const compiled = routes.map((route) => ({ route, matches: compile(route.path, matching) }));
  // Each method's routes, listed on its first request, so a request tries only its own method's
  // paths (Node's parser accepts a fixed set of methods, so this stays small).
  const byMethod = new Map<string, typeof compiled>();
  return (method, path) => {
    let candidates = byMethod.get(method);
    if (candidates === undefined) {
      // The router answers HEAD with the GET handler.
      const methods = method === 'HEAD' ? ['HEAD', 'GET', 'ALL'] : [method, 'ALL'];
      candidates = compiled.filter(({ route }) => methods.includes(route.method));
      byMethod.set(method, candidates);
    }
    return candidates.find(({ matches }) => matches(path) !== false)?.route;
  };
}

/** The matcher `router` builds for a route path (see `Layer` in `router/lib/layer.js`). */
function compile(path: string, { caseSensitive, strict }: ExpressRouteMatching): MatchFunction<object> {
  // The router drops a route's own trailing slash unless strict ("loosen"); decoding is off because
  // only whether the path matches counts here, and a malformed escape must not throw.
  return match(strict || path === '/' ? path : path.replace(/\/+$/, ''), {
    sensitive: caseSensitive,
    end: true,
    trailing: !strict,
    decode: false,
  });
}

/**
 * Fastify: the routes in a find-my-way router of the Fastify instance's options, the library
 * Fastify routes with (decoding, case folding, slashes and parameter lengths are its own).
 */
function fastifyFinder(routes: RouteAccess[], matching: FastifyRouteMatching): RouteFinder {
  const {
    caseSensitive,
    ignoreTrailingSlash,
    ignoreDuplicateSlashes,
    useSemicolonDelimiter,
    maxParamLength,
  } = matching;
  // `useSemicolonDelimiter` is an option of find-my-way its types leave out (`Router` reads it).
  const options: FindMyWay.Config<FindMyWay.HTTPVersion.V1> & { useSemicolonDelimiter: boolean } = {
    caseSensitive,
    ignoreTrailingSlash,
    ignoreDuplicateSlashes,
    useSemicolonDelimiter,
    maxParamLength,
  };
  const router = FindMyWay(options);
  // Fastify would refuse two handlers of one method and path, so the first (key-protected) one stays.
  for (const route of routes) {
    if (route.method === 'ALL') router.all(route.path, () => undefined, route);
    else if (!router.hasRoute(route.method as FindMyWay.HTTPMethod, route.path)) {
      router.on(route.method as FindMyWay.HTTPMethod, route.path, () => undefined, route);
    }
  }
  router.compile();
  return (method, path) => {
    // Fastify answers HEAD with the GET handler (`exposeHeadRoutes`).
    const found =
      router.find(method as FindMyWay.HTTPMethod, path) ??
      (method === 'HEAD' ? router.find('GET', path) : null);
    const route = found?.store as RouteAccess | undefined;
    return route && { open: route.open, template: route.template };
  };
}

function join(parts: string[]): string {
  const joined = parts.map(trimSlashes).filter((part) => part.length > 0);
  return `/${joined.join('/')}`;
}

function trimSlashes(part: string): string {
  return part.replace(/^\/+|\/+$/g, '');
}
