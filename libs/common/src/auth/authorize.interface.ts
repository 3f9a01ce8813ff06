import type { Type } from '@nestjs/common';

/** What a caller of the management routes may do: read them, or also change them. */
export type ManagementScope = 'webhooks:read' | 'webhooks:write';

/**
 * Who is calling a management route, as a module's `authorize` option answers it. The library
 * enforces it: the request acts in `workspace` (resources of other workspaces answer 404 and never
 * appear in lists) and may do what `scopes` allow (GET, HEAD and OPTIONS need `webhooks:read`, every
 * other method `webhooks:write`; 403 otherwise).
 */
export interface Principal {
  /** The workspace the caller acts in, or `null` for a caller that sees every workspace. */
  workspace: string | null;
  /**
   * What the caller may do.
   * @default every scope (`['webhooks:read', 'webhooks:write']`)
   */
  scopes?: readonly ManagementScope[];
}

/**
 * The parts of a management request an `authorize` option reads, as the HTTP platform gives it
 * (Express or Fastify). The library's guard sets `workspace` and `principal` from the answer.
 */
export interface ManagementRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  /** The request target as sent, with the query (`/api/webhooks?limit=10`). */
  url: string;
  /** Express's path without the query. */
  path?: string;
  /** Express's matched route (`route.path`: `/api/webhooks/:id`). */
  route?: { path?: unknown };
  /** The parsed body (guards run after the body parser). */
  body?: unknown;
  query?: unknown;
  /** The client address (Express honours `trust proxy`). */
  ip?: string;
  /** Set by the library from the principal: what `@CurrentWorkspace()` reads. */
  workspace?: string | null;
  /** Set by the library: the principal `authorize` answered. */
  principal?: Principal;
}

/**
 * Answers who calls a management route: the caller's {@link Principal}, or `null` for a caller it
 * does not know (401). It may throw an `HttpException` to answer with its own status (a 429 of the
 * host's limiter, a 403); any other error answers 401 and is logged.
 * @example
 * const authorize: AuthorizeFunction = (request) =>
 *   request.headers['x-api-key'] === process.env.API_KEY ? { workspace: null } : null;
 */
export type AuthorizeFunction = (request: ManagementRequest) => Principal | null | Promise<Principal | null>;

/**
 * An injectable class answering who calls a management route, for an `authorize` that needs
 * providers (a key store, a session service). See {@link AuthorizeFunction} for what it returns.
 */
export interface Authorizer {
  authorize(request: ManagementRequest): Principal | null | Promise<Principal | null>;
}

/**
 * A module's `authorize` option: a function, or an {@link Authorizer} class, which the module takes
 * from the host's providers when the host registered it, else creates with the module's injector.
 */
export type AuthorizeOption = AuthorizeFunction | Type<Authorizer>;
