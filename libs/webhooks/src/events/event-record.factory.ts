import { Inject, Injectable } from '@nestjs/common';
import {
  Clock,
  containsNul,
  exceedsJsonDepth,
  hasControlCharacters,
  MAX_JSON_DEPTH,
  newId,
} from '@org/common';
import { EventTooLargeException } from '../errors/event-too-large.exception.js';
import { EventValidationException } from '../errors/event-validation.exception.js';
import { InvalidEventException } from '../errors/invalid-event.exception.js';
import { UnknownEventTypeException } from '../errors/unknown-event-type.exception.js';
import type { EventRecord } from '../interfaces/webhook-event.interface.js';
import {
  RESOLVED_WEBHOOKS_OPTIONS,
  type ResolvedWebhooksOptions,
} from '../options/resolved-webhooks-options.js';
import {
  EVENT_ID_PREFIX,
  EVENT_TYPE_NAME,
  MAX_EVENT_TYPE_LENGTH,
  MAX_IDEMPOTENCY_KEY_LENGTH,
} from '../webhooks.constants.js';
import {
  eventDataNotObjectMessage,
  eventDataIllFormedMessage,
  eventDataNulMessage,
  eventDataTooDeepMessage,
  invalidEventTypeMessage,
  invalidIdempotencyKeyMessage,
} from '../webhooks.messages.js';
import { EventTypeCatalogue } from './event-type.catalogue.js';
import { illFormedStringPath } from './ill-formed-string.js';
import { sameJson } from './same-json.js';

/** An event about to be stored, with its data serialized once (for the idempotency comparison). */
export interface PreparedEvent {
  record: EventRecord;
  serializedData: string;
}

/** What a publish asks for, before any check. */
export interface EventRequest {
  type: unknown;
  data: unknown;
  idempotencyKey?: unknown;
  workspace: string | null;
}

/**
 * Checks what a publish asks for and builds the outbox record: the id, the timestamp and the
 * delivered body, `{"id":"evt_…","event":"<type>","created_at":"<ISO>","data":{…}}`, built here once.
 */
@Injectable()
export class EventRecordFactory {
  constructor(
    private readonly catalogue: EventTypeCatalogue,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(RESOLVED_WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
  ) {}

  /**
   * The record of one event, with `traceContext` its publish span's `traceparent`.
   * @throws InvalidEventException, UnknownEventTypeException, EventTooLargeException (see `publish`)
   * @throws EventValidationException when the type has a schema and `data` breaks it
   */
  prepare(request: EventRequest, traceContext: string | null): PreparedEvent {
    this.assertType(request.type);
    const serializedData = this.serializeData(request.data);
    // After the shape checks above (an object, not too deep), so the schema sees sane data.
    const problems = this.catalogue.validatorOf(request.type)?.(request.data);
    if (problems) throw new EventValidationException(problems);
    const idempotencyKey = this.idempotencyKey(request.idempotencyKey);
    const id = newId(EVENT_ID_PREFIX);
    const createdAt = this.clock.now();
    // Concatenated so `data` is serialized once and the key order is exactly id, event, created_at, data.
    const payload = `{"id":${JSON.stringify(id)},"event":${JSON.stringify(request.type)},"created_at":${JSON.stringify(createdAt.toISOString())},"data":${serializedData}}`;
    return {
      record: {
        id,
        workspace: request.workspace,
        type: request.type,
        payload,
        idempotencyKey,
        createdAt,
        traceContext,
      },
      serializedData,
    };
  }

  /** A replay must describe what the caller sent: same type, and data equal whatever its key order. */
  isSameEvent(stored: EventRecord, prepared: PreparedEvent): boolean {
    if (stored.type !== prepared.record.type) return false;
    const storedData = (JSON.parse(stored.payload) as { data: unknown }).data;
    return sameJson(storedData, JSON.parse(prepared.serializedData));
  }

  private assertType(type: unknown): asserts type is string {
    if (typeof type !== 'string' || type.length > MAX_EVENT_TYPE_LENGTH || !EVENT_TYPE_NAME.test(type)) {
      throw new InvalidEventException('type', invalidEventTypeMessage(String(type)));
    }
    if (!this.catalogue.allowsType(type)) throw new UnknownEventTypeException(type);
  }

  private serializeData(data: unknown): string {
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      throw new InvalidEventException('data', eventDataNotObjectMessage());
    // Checked before JSON.stringify, which recurses; PostgreSQL's jsonb (a host may copy the body
    // there, and payload filters match it there) cannot hold U+0000 or a lone surrogate, so every
    // store refuses them alike.
    if (exceedsJsonDepth(data, MAX_JSON_DEPTH))
      throw new InvalidEventException('data', eventDataTooDeepMessage(MAX_JSON_DEPTH));
    if (containsNul(data)) throw new InvalidEventException('data', eventDataNulMessage());
    const illFormed = illFormedStringPath(data);
    if (illFormed !== null)
      throw new InvalidEventException(`data.${illFormed}`, eventDataIllFormedMessage(`data.${illFormed}`));
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
