import { Injectable, RequestMethod, type MiddlewareConsumer, type NestMiddleware } from '@nestjs/common';
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';

/**
 * Routes served without a request-scoped `EntityManager`: the publish routes run set-based SQL on the
 * pool (`@org/webhooks`' stores never use an identity map), and forking an `EntityManager` for each
 * of them was 5.5 % of the publish route's CPU in the bench profile (docs/benchmarks.md).
 */
export const ROUTES_WITHOUT_REQUEST_CONTEXT: Parameters<ReturnType<MiddlewareConsumer['apply']>['exclude']> =
  [
    { path: 'events', method: RequestMethod.POST },
    { path: 'events/batch', method: RequestMethod.POST },
  ];

/**
 * MikroORM's request context (a forked `EntityManager` per request, as `@mikro-orm/nestjs` registers
 * it), applied by `AppModule` to every route but {@link ROUTES_WITHOUT_REQUEST_CONTEXT}.
 */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  constructor(private readonly orm: MikroORM) {}

  use(_request: unknown, _response: unknown, next: () => void): void {
    RequestContext.create(this.orm.em, next);
  }
}
