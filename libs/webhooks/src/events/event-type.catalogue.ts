import { Inject, Injectable } from '@nestjs/common';
import type { EventDataValidator } from '../catalogue/event-data.validator.js';
import type { EventTypeDefinition } from '../options/webhooks-options.interface.js';
import {
  RESOLVED_WEBHOOKS_OPTIONS,
  type ResolvedWebhooksOptions,
} from '../options/resolved-webhooks-options.js';
import { matchesEventType } from '../rules/event-type-pattern.js';
import { OPERATOR_EVENT_TYPES } from './operator-event-types.js';

/**
 * The event types this module knows (`eventTypes` option) and the ones it publishes itself
 * (`webhook.disabled`). When the option is empty, any well-formed type may be published and
 * subscribed to; otherwise only catalogue types, and patterns that match one.
 */
@Injectable()
export class EventTypeCatalogue {
  private readonly names: ReadonlySet<string>;
  private readonly entries: readonly EventTypeDefinition[];
  private readonly validators: ReadonlyMap<string, EventDataValidator>;

  /** @internal Nest builds it: take it from the module (`app.get()` or injection). */
  constructor(@Inject(RESOLVED_WEBHOOKS_OPTIONS) options: ResolvedWebhooksOptions) {
    this.validators = options.eventDataValidators;
    const configured = new Set(options.eventTypes.map((type) => type.name));
    const operator = OPERATOR_EVENT_TYPES.filter((type) => !configured.has(type.name));
    this.entries = [...options.eventTypes, ...operator];
    // An empty option means "any type": the operator events must not turn it into a closed list.
    this.names = configured.size === 0 ? configured : new Set(this.entries.map((type) => type.name));
  }

  /** Every entry, in the order configured, then the module's own events. */
  list(): readonly EventTypeDefinition[] {
    return this.entries;
  }

  /** The entry named `name`, if any. */
  find(name: string): EventTypeDefinition | undefined {
    return this.entries.find((type) => type.name === name);
  }

  /**
   * @internal The compiled check of `type`'s data (its schema, compiled once at start-up), or `undefined` when
   * the type has no schema and any object goes.
   */
  validatorOf(type: string): EventDataValidator | undefined {
    return this.validators.get(type);
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
