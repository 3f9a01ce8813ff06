import { Injectable, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { SIGNATURE_AUTHENTICATED } from '@org/common';
import { IS_PUBLIC } from '../auth/public.decorator.js';

/** One controller route as the pre-body gate needs it. */
interface RouteAccess {
  method: string;
  pattern: RegExp;
  /** Public or signature-authenticated: no API key is asked for. */
  open: boolean;
}

/** How a route answers before its body is read. */
export type RouteKind = 'api_key' | 'open' | 'unknown';

/**
 * Which routes need an API key, read from the controllers' metadata (the same `@Public()` and
 * `SignatureAuthenticated()` marks `ApiKeyGuard` honours), so that the key can be checked before
 * the body is read: body parsing runs before any guard. Built once, on first use.
 */
@Injectable()
export class RouteAccessMap {
  private routes: RouteAccess[] | null = null;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  /** Whether `method path` (path without the query) needs a key, needs none, or is no route. */
  kindOf(method: string, path: string, prefix: string): RouteKind {
    const routes = (this.routes ??= this.collect(prefix));
    const upper = method.toUpperCase();
    const route = routes.find(
      (candidate) =>
        (candidate.method === upper || candidate.method === 'ALL') && candidate.pattern.test(path),
    );
    return route ? (route.open ? 'open' : 'api_key') : 'unknown';
  }

  private collect(prefix: string): RouteAccess[] {
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
          for (const path of paths) {
            routes.push({
              method: RequestMethod[requestMethod],
              pattern: toPattern([prefix, controllerPath, path]),
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

function toPattern(parts: string[]): RegExp {
  const segments = parts
    .flatMap((part) => part.split('/'))
    .filter((segment) => segment.length > 0)
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : escapeRegExp(segment)));
  return new RegExp(`^/${segments.join('/')}/?$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
