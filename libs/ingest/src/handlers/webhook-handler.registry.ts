import { Injectable } from '@nestjs/common';
import { ANY } from '../ingest.constants.js';
import type { InboundContext, InboundEvent } from '../interfaces/inbound-event.interface.js';

/** A handler function as the worker calls it. */
export type WebhookHandlerFunction = (event: InboundEvent, context: InboundContext) => unknown;

/** One registered handler. */
export interface RegisteredWebhookHandler {
  source: string;
  type: string;
  /** `Class.method`, for logs and errors. */
  name: string;
  handle: WebhookHandlerFunction;
}

/**
 * The handlers found by the explorer (or registered by hand), and which of them an event gets.
 * Handlers of one event run in registration order.
 */
@Injectable()
export class WebhookHandlerRegistry {
  private readonly handlers: RegisteredWebhookHandler[] = [];

  /** Adds a handler; `type` may be exact, `'*'`, or a prefix pattern ending in `.*`. */
  register(handler: RegisteredWebhookHandler): void {
    this.handlers.push(handler);
  }

  /**
   * The handlers for an event of `source` and `type`. A handler for `stripe` also gets the events of
   * every source of type `stripe` created over the API (`sourceType`), whatever its id.
   */
  match(source: string, sourceType: string | null, type: string): RegisteredWebhookHandler[] {
    return this.handlers.filter(
      (h) =>
        (h.source === ANY || h.source === source || h.source === sourceType) && typeMatches(h.type, type),
    );
  }

  /** Every registered handler. */
  all(): readonly RegisteredWebhookHandler[] {
    return this.handlers;
  }
}

function typeMatches(pattern: string, type: string): boolean {
  if (pattern === ANY || pattern === type) return true;
  return pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1));
}
