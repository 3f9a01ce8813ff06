import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import type { WebhookRequest, WebhookVerifier } from '../interfaces/webhook-verifier.interface.js';

/** A request that passed its source's verifier, with that verifier (to parse it). */
export interface VerifiedWebhook {
  verifier: WebhookVerifier;
  request: WebhookRequest;
  /** Where the events belong: `null`/`null` for configured sources, else the created source's. */
  origin: { workspace: string | null; sourceType: string | null };
}

const VERIFIED = Symbol('org:ingest:verified-webhook');

/** The parts of an HTTP request (Express-compatible) the receiving side reads. */
export interface WebhookHttpRequest {
  method: string;
  url: string;
  originalUrl?: string;
  protocol?: string;
  host?: string;
  headers: IncomingHttpHeaders;
  params?: Record<string, string | undefined>;
  /** The exact body, kept by Nest when the app is created with `{ rawBody: true }`. */
  rawBody?: unknown;
  [VERIFIED]?: VerifiedWebhook;
}

/** Stores the verification result on the request, for the handler. */
export function attachVerifiedWebhook(request: WebhookHttpRequest, verified: VerifiedWebhook): void {
  request[VERIFIED] = verified;
}

/** Injects what `WebhookSignatureGuard` verified. */
export const Verified = createParamDecorator((_: unknown, context: ExecutionContext): VerifiedWebhook => {
  const verified = context.switchToHttp().getRequest<WebhookHttpRequest>()[VERIFIED];
  // Only reachable when the guard is missing from the route: a programming error, not bad input.
  if (!verified) throw new Error('@Verified() needs WebhookSignatureGuard on the route');
  return verified;
});
