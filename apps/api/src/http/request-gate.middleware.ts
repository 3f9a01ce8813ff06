import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpException } from '@nestjs/common';
import type { PortalSessionAuthenticator } from '@org/console';
import {
  ApiKeyAuthenticator,
  type ApiKeyAuthenticatedRequest,
  type KeyedRequest,
} from '../auth/api-key.authenticator.js';
import { TooManyFailedAuthenticationsException } from '../auth/too-many-failed-authentications.exception.js';
import type { BodyBytesLimiter } from './body-bytes.limiter.js';
import { BUSY_RETRY_AFTER_SECONDS, MAX_BODY_BYTES, ROUTE_BODY_LIMITS } from './http-limits.js';
import type { RouteAccessMap, RouteMatch, RouteMatching } from './route-access.map.js';

/** Where the gate leaves the route it matched, for the body parser of that route's own limit. */
const GATED_ROUTE = Symbol('GatedRoute');

type GateRequest = IncomingMessage &
  KeyedRequest &
  ApiKeyAuthenticatedRequest & { path?: string; [GATED_ROUTE]?: RouteMatch };

const BODY_METHODS = new Set(['POST', 'PATCH', 'PUT']);

/** What the pre-body gate works with. */
export interface RequestGateParts {
  routes: RouteAccessMap;
  /** How the router matches paths, which the gate repeats exactly. */
  matching: RouteMatching;
  authenticator: ApiKeyAuthenticator;
  portal: PortalSessionAuthenticator;
  /** The budget of body bytes in flight (`MAX_BODY_BYTES_IN_FLIGHT`). */
  bodies: BodyBytesLimiter;
}

/**
 * Express middleware mounted before the body parsers, answering what needs no body:
 * - management routes (not public, not signature-authenticated): the API key, or the signature and
 *   expiry of a portal token, first (401/429);
 * - a declared `Content-Length` over {@link MAX_BODY_BYTES} (or the route's own limit in
 *   {@link ROUTE_BODY_LIMITS}): 413 at once and the connection closed, nothing read (ingest routes too);
 * - 415 for a management body that is not `application/json` (ingest routes check their own media
 *   types and signatures after reading the body);
 * - 503 `server_busy` with `Retry-After` when the body would take the bytes in flight past the
 *   budget of {@link BodyBytesLimiter}.
 * Routes are matched as the router matches them (case, trailing slash), so no spelling of a path
 * reaches a handler past the gate unchecked; a POST, PATCH or PUT to a path no handler takes answers
 * 401 without a key, else 404, before its body is read. Answers use the error envelope.
 */
export function requestGate({
  routes,
  matching,
  authenticator,
  portal,
  bodies,
}: RequestGateParts): (request: GateRequest, response: ServerResponse, next: () => void) => void {
  return (request, response, next) => {
    const path = (request.url ?? '/').split('?', 1)[0];
    const method = request.method ?? 'GET';
    const route = routes.match(method, path, matching);
    request[GATED_ROUTE] = route;
    // A body sent where no handler takes one (`/api//events`, `/api/%65vents`): the key is asked for
    // all the same (fail closed), then 404 before the body is read.
    const noRoute = route === undefined && BODY_METHODS.has(method);
    const needsKey = route === undefined ? noRoute : !route.open;
    try {
      // The workspace and scopes are settled by the routes' guards (AppAuthorizer), once the body
      // (workspace_id) is parsed; a portal session's routes and workspace too, once the route is known.
      const portalToken = needsKey ? portal.presentedToken(request) : null;
      if (portalToken !== null) portal.verify(portalToken);
      else if (needsKey) request.apiKey = authenticator.authenticate(request);
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      return refuse(request, response, error);
    }
    if (noRoute) {
      if (declaresBody(request)) response.setHeader('Connection', 'close');
      return send(response, 404, 'not_found', `No route takes ${method} at this path.`);
    }
    const declared = Number(request.headers['content-length']);
    const limit = bodyLimitOf(route);
    if (Number.isFinite(declared) && declared > limit) {
      response.setHeader('Connection', 'close');
      return send(response, 413, 'payload_too_large', `The request body is over ${limit} bytes.`);
    }
    if (route !== undefined && !route.open && BODY_METHODS.has(method) && declaresBody(request)) {
      if (mediaType(request) !== 'application/json') {
        return send(response, 415, 'unsupported_media_type', 'The request body must be application/json.');
      }
    }
    // A chunked body may be read up to its route's limit: that is what it reserves.
    const reserved = Number.isFinite(declared) ? declared : declaresBody(request) ? limit : 0;
    if (reserved > 0) {
      if (!bodies.tryReserve(reserved)) {
        response.setHeader('Connection', 'close');
        response.setHeader('Retry-After', String(BUSY_RETRY_AFTER_SECONDS));
        return send(response, 503, 'server_busy', 'Too many request bodies in flight; retry later.');
      }
      // 'close' comes once the answer is sent or the client has gone, whichever ends the request.
      response.once('close', () => bodies.release(reserved));
    }
    next();
  };
}

/**
 * Runs the body parser of the route the gate matched, when that route has a limit of its own in
 * `parsers` (keyed like {@link ROUTE_BODY_LIMITS}); other requests go on to the general parser.
 */
export function routeBodyParsers(
  parsers: ReadonlyMap<
    string,
    (request: IncomingMessage, response: ServerResponse, next: () => void) => void
  >,
): (request: GateRequest, response: ServerResponse, next: () => void) => void {
  return (request, response, next) => {
    const route = request[GATED_ROUTE];
    const parser = route && parsers.get(route.template);
    if (parser) parser(request, response, next);
    else next();
  };
}

/**
 * The route the gate matched for `request` (`undefined`: none, or the gate has not run), so that
 * what comes after it (the access log's level) need not match the path again.
 */
export function gatedRouteOf(request: IncomingMessage): RouteMatch | undefined {
  return (request as GateRequest)[GATED_ROUTE];
}

/** The body limit of a matched route ({@link MAX_BODY_BYTES} for an unknown one). */
function bodyLimitOf(route: RouteMatch | undefined): number {
  return (route && ROUTE_BODY_LIMITS.get(route.template)) ?? MAX_BODY_BYTES;
}

function refuse(request: IncomingMessage, response: ServerResponse, error: HttpException): void {
  const body = error.getResponse() as { code: string; message: string };
  if (error instanceof TooManyFailedAuthenticationsException) {
    response.setHeader('Retry-After', String(error.retryAfterSeconds));
  }
  // The body was not read: closing spares reading a large one just to keep the connection alive.
  if (declaresBody(request)) response.setHeader('Connection', 'close');
  send(response, error.getStatus(), body.code, body.message);
}

function declaresBody(request: IncomingMessage): boolean {
  return (
    request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0
  );
}

function mediaType(request: IncomingMessage): string {
  return (request.headers['content-type'] ?? '').split(';', 1)[0].trim().toLowerCase();
}

function send(response: ServerResponse, status: number, code: string, message: string): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.end(JSON.stringify({ error: { code, message } }));
}
