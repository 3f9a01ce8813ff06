import { HttpException, Inject, Injectable } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { formatTraceparent, GroupCommit, traced, type ApiErrorDetail } from '@org/common';
import type {
  CheckedPublishItems,
  EventPayload,
  EventPayloadMap,
  PublishData,
  PublishItemInput,
} from '../catalogue/typed-publish.js';
import { webhookEventOf, type WebhookEventClass } from '../catalogue/webhook-event.decorator.js';
import { BatchIdempotencyConflictException } from '../errors/batch-idempotency-conflict.exception.js';
import { EventValidationException } from '../errors/event-validation.exception.js';
import { InvalidEventException } from '../errors/invalid-event.exception.js';
import { IdempotencyConflictException } from '../errors/idempotency-conflict.exception.js';
import { InvalidEventBatchException } from '../errors/invalid-event-batch.exception.js';
import type { EventRecord } from '../interfaces/webhook-event.interface.js';
import { WebhooksMetrics } from '../observability/webhooks.metrics.js';
import { webhooksTracer } from '../observability/webhooks.tracer.js';
import { EventStore, type InsertedEvent } from '../storage/event-store.interface.js';
import { MAX_BATCH_EVENTS, PUBLISH_GROUP_MAX, PUBLISH_GROUPS_IN_FLIGHT } from '../webhooks.constants.js';
import { batchSizeMessage, undecoratedEventClassMessage } from '../webhooks.messages.js';
import { EventRecordFactory, type PreparedEvent } from './event-record.factory.js';
import type { PublishedEvent, PublishManyOptions, PublishOptions } from './published-event.interface.js';

/**
 * The host's API for publishing events. A publish writes outbox rows and nothing else, so its cost
 * does not depend on the number of subscriptions; fan-out and delivery happen after commit, in the
 * delivery engine. Publishes outside a caller's transaction are group-committed: those submitted
 * while a write is under way share the next one (one transaction, one multi-row insert).
 *
 * Typed publishing: pass a `@WebhookEvent` class as the type (`publish(OrderPaid, data)`), or inject
 * `WebhooksService<Map>` with a map of names to data types (`publish('order.paid', data)`); `data` is
 * then checked by the compiler. A string type outside the map takes any object.
 */
@Injectable()
// `M` only types the calls; one instance serves every map.
export class WebhooksService<M extends EventPayloadMap<M> = Record<never, never>> {
  private readonly groupCommit: GroupCommit<EventRecord, InsertedEvent>;

  /** @internal Nest builds it: take it from the module (`app.get()` or injection). */
  constructor(
    @Inject(EventStore) private readonly events: EventStore,
    private readonly records: EventRecordFactory,
    private readonly metrics: WebhooksMetrics,
  ) {
    this.groupCommit = new GroupCommit((group) => this.events.insertEvents(group), {
      maxGroup: PUBLISH_GROUP_MAX,
      inFlight: PUBLISH_GROUPS_IN_FLIGHT,
    });
  }

  /**
   * Publishes an event to every matching subscription of its workspace. The delivered body is built
   * here, once: `{"id":"evt_…","event":"<type>","created_at":"<ISO>","data":{…}}`. Without `em` the
   * event commits with whatever other publishes are in flight (group commit); it resolves once stored.
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
   * @throws EventValidationException when the type has a schema and `data` breaks it, naming every field
   */
  publish<T extends object>(
    type: WebhookEventClass<T>,
    data: EventPayload<T>,
    options?: PublishOptions,
  ): Promise<PublishedEvent>;
  publish<K extends string>(
    type: K,
    data: PublishData<M, K>,
    options?: PublishOptions,
  ): Promise<PublishedEvent>;
  async publish(
    eventType: string | WebhookEventClass,
    data: object,
    options: PublishOptions = {},
  ): Promise<PublishedEvent> {
    const type = eventTypeName(eventType);
    const request = {
      type,
      data,
      idempotencyKey: options.idempotencyKey,
      workspace: options.workspace ?? null,
    };
    // The span's context is stored with the event: every attempt, by any instance, continues it.
    const { stored, prepared } = await traced(
      webhooksTracer(),
      'webhooks.publish',
      { kind: SpanKind.PRODUCER, attributes: { 'webhooks.event_type': type } },
      async (span) => {
        const event = this.records.prepare(request, formatTraceparent(span.spanContext()));
        span.setAttribute('webhooks.event_id', event.record.id);
        const result =
          options.em === undefined
            ? await this.groupCommit.submit(event.record)
            : (await this.events.insertEvents([event.record], { em: options.em }))[0];
        span.setAttribute('webhooks.created', result.created);
        return { stored: result, prepared: event };
      },
    );
    if (!stored.created && !this.records.isSameEvent(stored.event, prepared)) {
      throw new IdempotencyConflictException(prepared.record.idempotencyKey!);
    }
    if (stored.created) this.metrics.eventPublished();
    return toPublishedEvent(stored);
  }

  /**
   * Publishes up to {@link MAX_BATCH_EVENTS} events atomically, in one transaction (the caller's with
   * `em`): all are stored, or none. Each has its own idempotency key; a repeat of an earlier event
   * (or of an earlier item of the batch) answers that event with `created: false`. Results in order.
   * Each item's `type` is a name or a `@WebhookEvent` class; its `data` is type-checked as in `publish`.
   * @throws EventValidationException when only schemas were broken: every bad field by index
   *   (`events.3.data.amount`), nothing stored
   * @throws InvalidEventBatchException naming every bad item by index (`events.3.type`), nothing stored
   * @throws BatchIdempotencyConflictException naming every item whose key was used for another event
   */
  async publishMany<const Items extends readonly PublishItemInput[]>(
    items: Items & CheckedPublishItems<Items, M>,
    options: PublishManyOptions = {},
  ): Promise<PublishedEvent[]> {
    const workspace = options.workspace ?? null;
    return traced(
      webhooksTracer(),
      'webhooks.publish_many',
      { kind: SpanKind.PRODUCER, attributes: { 'webhooks.batch_size': items.length } },
      async (span) => {
        const prepared = this.prepareMany(items, workspace, formatTraceparent(span.spanContext()));
        const stored = await this.events.insertEvents(
          prepared.map((event) => event.record),
          { em: options.em },
          { beforeCommit: (results) => this.refuseConflicts(results, prepared) },
        );
        const created = stored.filter((result) => result.created).length;
        span.setAttribute('webhooks.created', created);
        for (let i = 0; i < created; i++) this.metrics.eventPublished();
        return stored.map(toPublishedEvent);
      },
    );
  }

  private prepareMany(
    items: readonly PublishItemInput[],
    workspace: string | null,
    traceContext: string | null,
  ): PreparedEvent[] {
    if (!Array.isArray(items) || items.length === 0 || items.length > MAX_BATCH_EVENTS) {
      throw new InvalidEventBatchException([
        { field: 'events', message: batchSizeMessage(MAX_BATCH_EVENTS) },
      ]);
    }
    const problems: ApiErrorDetail[] = [];
    let onlySchemas = true;
    const prepared = items.map((item, index) => {
      try {
        return this.records.prepare({ ...item, type: eventTypeName(item.type), workspace }, traceContext);
      } catch (error) {
        if (!(error instanceof HttpException)) throw error;
        const schemaProblem = error instanceof EventValidationException;
        onlySchemas &&= schemaProblem;
        for (const detail of detailsOf(error)) {
          const field = `events.${index}.${detail.field}`;
          // A schema problem's message starts with its field (`data.amount must be integer`).
          const message = schemaProblem ? `events.${index}.${detail.message}` : detail.message;
          problems.push({ field, message });
        }
        return null;
      }
    });
    if (problems.length > 0)
      throw onlySchemas ? new EventValidationException(problems) : new InvalidEventBatchException(problems);
    return prepared as PreparedEvent[];
  }

  /** Before commit: a key used for another event refuses the whole batch (a throw rolls it back). */
  private refuseConflicts(results: readonly InsertedEvent[], prepared: readonly PreparedEvent[]): void {
    const conflicts = results.flatMap((result, index) =>
      !result.created && !this.records.isSameEvent(result.event, prepared[index])
        ? [{ index, idempotencyKey: prepared[index].record.idempotencyKey! }]
        : [],
    );
    if (conflicts.length > 0) throw new BatchIdempotencyConflictException(conflicts);
  }
}

/** The name a publish asks for: a `@WebhookEvent` class stands for its name. */
function eventTypeName(type: string | WebhookEventClass): string {
  if (typeof type !== 'function') return type;
  const declared = webhookEventOf(type);
  if (!declared) throw new InvalidEventException('type', undecoratedEventClassMessage(type.name));
  return declared.name;
}

function toPublishedEvent({ event, created }: InsertedEvent): PublishedEvent {
  return { id: event.id, type: event.type, workspace: event.workspace, createdAt: event.createdAt, created };
}

/** The envelope details of one of the publish checks' exceptions. */
function detailsOf(error: HttpException): ApiErrorDetail[] {
  const response = error.getResponse() as { details?: ApiErrorDetail[] };
  return response.details ?? [{ field: '', message: error.message }];
}
