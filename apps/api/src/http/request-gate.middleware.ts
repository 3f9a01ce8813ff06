import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpException } from '@nestjs/common';
import type { PortalSessionAuthenticator } from '@org/console';
import {
  ApiKeyAuthenticator,
  type ApiKeyAuthenticatedRequest,
  type KeyedRequest,
} from '../auth/api-key.authenticator.js';
import { TooManyFailedAuthenticationsException } from '../auth/too-many-failed-authentications.exception.js';
import { MAX_BODY_BYTES, ROUTE_BODY_LIMITS } from './http-limits.js';
import { RouteAccessMap } from './route-access.map.js';

type GateRequest = IncomingMessage & KeyedRequest & ApiKeyAuthenticatedRequest & { path?: string };

const BODY_METHODS = new Set(['POST', 'PATCH', 'PUT']);

/**
 * Express middleware mounted before the body parsers, answering what needs no body:
 * - a declared `Content-Length` over {@link MAX_BODY_BYTES} (or the route's own limit in
 *   {@link ROUTE_BODY_LIMITS}): 413 at once and the connection closed, nothing read (ingest routes too);
 * - management routes (not public, not signature-authenticated): the API key, or the signature and
 *   expiry of a portal token, first (401/429), then 415 for a body that is not `application/json`. Ingest routes check their own media types and
 *   signatures after reading the body.
 * Answers use the error envelope.
 */
export function requestGate(
  routes: RouteAccessMap,
  authenticator: ApiKeyAuthenticator,
  prefix: string,
  portal: PortalSessionAuthenticator,
): (request: GateRequest, response: ServerResponse, next: () => void) => void {
  return (request, response, next) => {
    const path = (request.url ?? '/').split('?', 1)[0];
    const kind = routes.kindOf(request.method ?? 'GET', path, prefix);
    try {
      // The workspace and scopes are settled by ApiKeyGuard, once the body (workspace_id) is parsed.
      // A portal session's routes and workspace are checked by ApiKeyGuard, which knows the route.
      const portalToken = kind === 'api_key' ? portal.presentedToken(request) : null;
      if (portalToken !== null) portal.verify(portalToken);
      else if (kind === 'api_key') request.apiKey = authenticator.authenticate(request);
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      return refuse(request, response, error);
    }
    const declared = Number(request.headers['content-length']);
    const limit = bodyLimitOf(path, prefix);
    if (Number.isFinite(declared) && declared > limit) {
      response.setHeader('Connection', 'close');
      return send(response, 413, 'payload_too_large', `The request body is over ${limit} bytes.`);
    }
    if (kind === 'api_key' && BODY_METHODS.has(request.method ?? '') && declaresBody(request)) {
      if (mediaType(request) !== 'application/json') {
        return send(response, 415, 'unsupported_media_type', 'The request body must be application/json.');
      }
    }
    next();
  };
}

/** The body limit of the route at `path` (under `/<prefix>`). */
export function bodyLimitOf(path: string, prefix: string): number {
  const route = path.startsWith(`/${prefix}/`) ? path.slice(prefix.length + 1) : path;
  return ROUTE_BODY_LIMITS.get(route.replace(/\/+$/, '')) ?? MAX_BODY_BYTES;
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
