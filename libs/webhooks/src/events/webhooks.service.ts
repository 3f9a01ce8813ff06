import { Inject, Injectable } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import {
  Clock,
  containsNul,
  exceedsJsonDepth,
  formatTraceparent,
  hasControlCharacters,
  MAX_JSON_DEPTH,
  newId,
  traced,
} from '@org/common';
import { EventTooLargeException } from '../errors/event-too-large.exception.js';
import { IdempotencyConflictException } from '../errors/idempotency-conflict.exception.js';
import { InvalidEventException } from '../errors/invalid-event.exception.js';
import { UnknownEventTypeException } from '../errors/unknown-event-type.exception.js';
import type { EventRecord } from '../interfaces/webhook-event.interface.js';
import {
  RESOLVED_WEBHOOKS_OPTIONS,
  type ResolvedWebhooksOptions,
} from '../options/resolved-webhooks-options.js';
import { WebhooksMetrics } from '../observability/webhooks.metrics.js';
import { webhooksTracer } from '../observability/webhooks.tracer.js';
import { EventStore } from '../storage/event-store.interface.js';
import {
  EVENT_ID_PREFIX,
  EVENT_TYPE_NAME,
  MAX_EVENT_TYPE_LENGTH,
  MAX_IDEMPOTENCY_KEY_LENGTH,
} from '../webhooks.constants.js';
import {
  eventDataNotObjectMessage,
  eventDataNulMessage,
  eventDataTooDeepMessage,
  invalidEventTypeMessage,
  invalidIdempotencyKeyMessage,
} from '../webhooks.messages.js';
import { EventTypeCatalogue } from './event-type.catalogue.js';
import type { PublishedEvent, PublishOptions } from './published-event.interface.js';
import { sameJson } from './same-json.js';

/**
 * The host's API for publishing events. A publish writes one outbox row (optionally inside the
 * caller's transaction) and nothing else, so its cost does not depend on the number of subscriptions;
 * fan-out and delivery happen after commit, in the delivery engine.
 */
@Injectable()
export class WebhooksService {
  constructor(
    @Inject(EventStore) private readonly events: EventStore,
    private readonly catalogue: EventTypeCatalogue,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(RESOLVED_WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    private readonly metrics: WebhooksMetrics,
  ) {}

  /**
   * Publishes an event to every matching subscription of its workspace. The delivered body is built
   * here, once: `{"id":"evt_…","event":"<type>","created_at":"<ISO>","data":{…}}`.
   * @example
   * await orm.em.transactional(async (em) => {
   *   em.persist(contact);
   *   await webhooks.publish('contact.created', { id: contact.id, name: contact.name }, { em });
   * });
   * @throws InvalidEventException for a malformed type, non-object, too deep (over `MAX_JSON_DEPTH`)
   *   or NUL-holding data, or a bad idempotency key
   * @throws IdempotencyConflictException when the idempotency key was used for another type or data
   * @throws UnknownEventTypeException for a type outside the catalogue
   * @throws EventTooLargeException when `data` serializes to more than `maxEventBytes`
   */
  async publish(
    type: string,
    data: Record<string, unknown>,
    options: PublishOptions = {},
  ): Promise<PublishedEvent> {
    this.assertType(type);
    const serializedData = this.serializeData(data);
    const idempotencyKey = this.idempotencyKey(options.idempotencyKey);
    const id = newId(EVENT_ID_PREFIX);
    const createdAt = this.clock.now();
    // Concatenated so `data` is serialized once and the key order is exactly id, event, created_at, data.
    const payload = `{"id":${JSON.stringify(id)},"event":${JSON.stringify(type)},"created_at":${JSON.stringify(createdAt.toISOString())},"data":${serializedData}}`;
    const attributes = { 'webhooks.event_id': id, 'webhooks.event_type': type };
    // The span's context is stored with the event: every attempt, by any instance, continues it.
    const { event, created } = await traced(
      webhooksTracer(),
      'webhooks.publish',
      { kind: SpanKind.PRODUCER, attributes },
      async (span) => {
        const record: EventRecord = {
          id,
          workspace: options.workspace ?? null,
          type,
          payload,
          idempotencyKey,
          createdAt,
          traceContext: formatTraceparent(span.spanContext()),
        };
        const stored = await this.events.insertEvent(record, { em: options.em });
        span.setAttribute('webhooks.created', stored.created);
        return stored;
      },
    );
    if (!created && !this.isSameEvent(event, type, serializedData)) {
      throw new IdempotencyConflictException(idempotencyKey!);
    }
    if (created) this.metrics.eventPublished();
    return {
      id: event.id,
      type: event.type,
      workspace: event.workspace,
      createdAt: event.createdAt,
      created,
    };
  }

  private assertType(type: unknown): asserts type is string {
    if (typeof type !== 'string' || type.length > MAX_EVENT_TYPE_LENGTH || !EVENT_TYPE_NAME.test(type)) {
      throw new InvalidEventException('type', invalidEventTypeMessage(String(type)));
    }
    if (!this.catalogue.allowsType(type)) throw new UnknownEventTypeException(type);
  }

  /** A replay must describe what the caller sent: same type, and data equal whatever its key order. */
  private isSameEvent(stored: EventRecord, type: string, serializedData: string): boolean {
    if (stored.type !== type) return false;
    const storedData = (JSON.parse(stored.payload) as { data: unknown }).data;
    return sameJson(storedData, JSON.parse(serializedData));
  }

  private serializeData(data: unknown): string {
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      throw new InvalidEventException('data', eventDataNotObjectMessage());
    // Checked before JSON.stringify, which recurses; PostgreSQL's jsonb (a host may copy the body
    // there) cannot hold U+0000, so every store refuses it alike.
    if (exceedsJsonDepth(data, MAX_JSON_DEPTH))
      throw new InvalidEventException('data', eventDataTooDeepMessage(MAX_JSON_DEPTH));
    if (containsNul(data)) throw new InvalidEventException('data', eventDataNulMessage());
    let serialized: string;
    try {
      serialized = JSON.stringify(data);
    } catch (error) {
      throw new InvalidEventException(
        'data',
        `Event data cannot be serialized as JSON: ${(error as Error).message}`,
      );
    }
    const bytes = Buffer.byteLength(serialized);
    if (bytes > this.options.maxEventBytes)
      throw new EventTooLargeException(bytes, this.options.maxEventBytes);
    return serialized;
  }

  private idempotencyKey(key: unknown): string | null {
    if (key === undefined || key === null) return null;
    if (
      typeof key !== 'string' ||
      key.length === 0 ||
      key.length > MAX_IDEMPOTENCY_KEY_LENGTH ||
      hasControlCharacters(key)
    ) {
      throw new InvalidEventException(
        'idempotency_key',
        invalidIdempotencyKeyMessage(MAX_IDEMPOTENCY_KEY_LENGTH),
      );
    }
    return key;
  }
}
