import { Injectable, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { SIGNATURE_AUTHENTICATED } from '@org/common';
import { match, type MatchFunction } from 'path-to-regexp';
import { IS_PUBLIC } from '../auth/public.decorator.js';

/**
 * How the HTTP router matches paths. The gate must match exactly as the router does: a gate that
 * is stricter (case, a trailing slash) than the router lets a request reach a handler unchecked.
 */
export interface RouteMatching {
  /** The global prefix, without slashes (`api`). */
  prefix: string;
  /** Controller paths the global prefix is not applied to (`metrics`). */
  excludedFromPrefix: readonly string[];
  /** Express's `case sensitive routing` setting (off by default: `/API/EVENTS` is `/api/events`). */
  caseSensitive: boolean;
  /** Express's `strict routing` setting (off by default: a trailing slash is ignored). */
  strict: boolean;
}

/** The route a request path resolves to, as the pre-body gate needs it. */
export interface RouteMatch {
  /** Public or signature-authenticated: no API key is asked for. */
  open: boolean;
  /** The route's path template under the prefix (`/events/batch`, `/webhooks/:id`), for its body limit. */
  template: string;
}

interface RouteAccess extends RouteMatch {
  method: string;
  matches: MatchFunction<object>;
}

/**
 * Which routes need an API key, read from the controllers' metadata (the same `@Public()` and
 * `SignatureAuthenticated()` marks: routes without either carry a guard asking `AppAuthorizer`), so that the key can be checked before
 * the body is read: body parsing runs before any guard. Built once, on first use.
 */
@Injectable()
export class RouteAccessMap {
  private routes: RouteAccess[] | null = null;
  /**
   * The routes a method may reach, in {@link routes}' order, listed on the method's first request so
   * that a request tries only its own method's paths. Node's parser accepts a fixed set of methods,
   * so this stays small.
   */
  private readonly byMethod = new Map<string, RouteAccess[]>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  /**
   * The route `method path` (path without the query, as sent) is dispatched to, or `undefined` when
   * the router would find none. Matching is the router's own: path-to-regexp with the options
   * `router/lib/layer.js` gives it (a trailing slash allowed unless strict, case folded unless
   * case-sensitive, the path left encoded: `/api/%65vents` is no route there either).
   */
  match(method: string, path: string, matching: RouteMatching): RouteMatch | undefined {
    const upper = method.toUpperCase();
    let candidates = this.byMethod.get(upper);
    if (candidates === undefined) {
      const routes = (this.routes ??= this.collect(matching));
      // The router answers HEAD with the GET handler.
      const methods = upper === 'HEAD' ? ['HEAD', 'GET', 'ALL'] : [upper, 'ALL'];
      candidates = routes.filter((route) => methods.includes(route.method));
      this.byMethod.set(upper, candidates);
    }
    return candidates.find((route) => route.matches(path) !== false);
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
              matches: compile(prefixed ? join([matching.prefix, template]) : template, matching),
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

/** The matcher `router` builds for a route path (see `Layer` in `router/lib/layer.js`). */
function compile(path: string, { caseSensitive, strict }: RouteMatching): MatchFunction<object> {
  // The router drops a route's own trailing slash unless strict ("loosen"); decoding is off because
  // only whether the path matches counts here, and a malformed escape must not throw.
  return match(strict || path === '/' ? path : path.replace(/\/+$/, ''), {
    sensitive: caseSensitive,
    end: true,
    trailing: !strict,
    decode: false,
  });
}

function join(parts: string[]): string {
  const joined = parts.map(trimSlashes).filter((part) => part.length > 0);
  return `/${joined.join('/')}`;
}

function trimSlashes(part: string): string {
  return part.replace(/^\/+|\/+$/g, '');
}
