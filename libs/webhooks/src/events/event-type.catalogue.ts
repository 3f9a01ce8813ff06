import { Inject, Injectable } from '@nestjs/common';
import type { EventTypeDefinition } from '../options/webhooks-options.interface.js';
import {
  RESOLVED_WEBHOOKS_OPTIONS,
  type ResolvedWebhooksOptions,
} from '../options/resolved-webhooks-options.js';
import { matchesEventType } from '../rules/event-type-pattern.js';

/**
 * The event types this module knows (`eventTypes` option). When it is empty, any well-formed type
 * may be published and subscribed to; otherwise only catalogue types, and patterns that match one.
 */
@Injectable()
export class EventTypeCatalogue {
  private readonly names: ReadonlySet<string>;

  constructor(@Inject(RESOLVED_WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions) {
    this.names = new Set(options.eventTypes.map((type) => type.name));
  }

  /** Every entry, in the order configured. */
  list(): readonly EventTypeDefinition[] {
    return this.options.eventTypes;
  }

  /** The entry named `name`, if any. */
  find(name: string): EventTypeDefinition | undefined {
    return this.options.eventTypes.find((type) => type.name === name);
  }

  /** True when `type` may be published: it is in the catalogue, or there is no catalogue. */
  allowsType(type: string): boolean {
    return this.names.size === 0 || this.names.has(type);
  }

  /**
   * The subscription patterns that would never match anything: exact names outside the catalogue and
   * `prefix.*` patterns matching no entry (almost certainly typos). `*` is always fine; with no
   * catalogue every pattern is.
   */
  unknownPatterns(patterns: readonly string[]): string[] {
    if (this.names.size === 0) return [];
    return patterns.filter((pattern) => ![...this.names].some((name) => matchesEventType(pattern, name)));
  }
}
