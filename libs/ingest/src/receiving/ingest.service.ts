import { Inject, Injectable } from '@nestjs/common';
import { containsNul, exceedsJsonDepth, hasControlCharacters, mapJsonStrings, newId } from '@org/common';
import { MalformedWebhookError } from '../errors/malformed-webhook.error.js';
import { MalformedWebhookException } from '../errors/malformed-webhook.exception.js';
import {
  COMMON_STORED_HEADERS,
  INBOUND_EVENT_ID_PREFIX,
  MAX_EVENT_TYPE_LENGTH,
  MAX_EVENTS_PER_REQUEST,
  MAX_EXTERNAL_ID_LENGTH,
  MAX_PAYLOAD_DEPTH,
} from '../ingest.constants.js';
import { IngestStorageUnavailableException } from '../errors/ingest-storage-unavailable.exception.js';
import { IngestObserver } from '../observability/ingest.observer.js';
import { IngestStore, type NewInboundEvent, type SaveOutcome } from '../storage/ingest-store.interface.js';
import type {
  ParsedWebhookEvent,
  WebhookRequest,
  WebhookVerifier,
} from '../interfaces/webhook-verifier.interface.js';
import { InboundEventWorker } from '../processing/inbound-event.worker.js';
import type { IngestReceiptDto } from './dto/ingest-receipt.dto.js';
import type { VerifiedWebhook } from './verified-webhook.js';

/**
 * Turns a verified request into stored events, before the sender is answered: a repeat of a stored
 * (source, external id) is acknowledged as a duplicate and not handled again. Then wakes the worker.
 */
@Injectable()
export class IngestService {
  constructor(
    @Inject(IngestStore) private readonly store: IngestStore,
    private readonly worker: InboundEventWorker,
    private readonly observer: IngestObserver,
  ) {}

  /**
   * @throws MalformedWebhookException (400) when the verified body cannot be understood.
   * @throws IngestStorageUnavailableException (503, `Retry-After`) when the store refuses.
   */
  async receive({
    verifier,
    request,
    origin,
  }: VerifiedWebhook): Promise<IngestReceiptDto | Record<string, unknown>> {
    // A handshake (Slack's url_verification) is answered, not stored.
    const challenge = verifier.challengeResponse?.(request);
    if (challenge) {
      this.observer.challengeAnswered(request, origin.sourceType);
      return challenge;
    }
    return this.observer.receive(request, origin.sourceType, async (traceContext) => {
      const events = this.parse(verifier, request);
      const rawBody = withoutNul(request.rawBody.toString('utf8'));
      const headers = storedHeaders(request, verifier);
      const outcomes = await this.save(
        events.map((event) => ({
          id: newId(INBOUND_EVENT_ID_PREFIX),
          source: request.source,
          workspace: origin.workspace,
          sourceType: origin.sourceType,
          type: event.type,
          externalId: event.externalId,
          payload: withoutNul(event.payload),
          rawBody,
          headers,
          receivedAt: request.receivedAt,
          traceContext,
        })),
      );
      if (outcomes.some((outcome) => !outcome.duplicate)) this.worker.wake();
      return {
        received: true,
        id: outcomes[0].id,
        ids: outcomes.map((outcome) => outcome.id),
        duplicate: outcomes.every((outcome) => outcome.duplicate),
      };
    });
  }

  /** Stores the events; a store failure is a 503 the sender retries, never a 500. */
  private async save(events: NewInboundEvent[]): Promise<SaveOutcome[]> {
    try {
      return await this.store.saveReceived(events);
    } catch (error) {
      throw new IngestStorageUnavailableException(error);
    }
  }

  private parse(verifier: WebhookVerifier, request: WebhookRequest): ParsedWebhookEvent[] {
    let events: ParsedWebhookEvent[];
    try {
      events = verifier.parse(request);
    } catch (error) {
      if (error instanceof MalformedWebhookError) throw new MalformedWebhookException(error.message);
      throw error;
    }
    if (Array.isArray(events) && events.length > MAX_EVENTS_PER_REQUEST) {
      throw new MalformedWebhookException(`A request may hold at most ${MAX_EVENTS_PER_REQUEST} events.`);
    }
    if (!Array.isArray(events) || events.length === 0)
      throw new MalformedWebhookException('The request holds no events.');
    for (const { externalId, type } of events) {
      if (
        typeof externalId !== 'string' ||
        externalId.length === 0 ||
        externalId.length > MAX_EXTERNAL_ID_LENGTH
      ) {
        throw new MalformedWebhookException(`Event ids must be 1 to ${MAX_EXTERNAL_ID_LENGTH} characters.`);
      }
      if (typeof type !== 'string' || type.length === 0 || type.length > MAX_EVENT_TYPE_LENGTH) {
        throw new MalformedWebhookException(`Event types must be 1 to ${MAX_EVENT_TYPE_LENGTH} characters.`);
      }
      // Ids and types are columns: PostgreSQL text cannot hold U+0000, and no sender uses the others.
      if (hasControlCharacters(externalId) || hasControlCharacters(type)) {
        throw new MalformedWebhookException('Event ids and types must not contain control characters.');
      }
    }
    if (events.some((event) => exceedsJsonDepth(event.payload, MAX_PAYLOAD_DEPTH))) {
      throw new MalformedWebhookException(
        `The payload must not nest more than ${MAX_PAYLOAD_DEPTH} levels deep.`,
      );
    }
    return events;
  }
}

/**
 * U+0000 is valid in JSON strings but PostgreSQL text and jsonb cannot store it; every store gets
 * U+FFFD instead, so handlers see the same payload whichever store is configured. Both the scan and
 * the copy are iterative: the payload is untrusted input, however deep.
 */
function withoutNul<T>(value: T): T {
  // Almost no payload holds U+0000: look first (no allocation), copy only when there is one.
  return containsNul(value) ? mapJsonStrings(value, (text) => text.replaceAll('\u0000', '\uFFFD')) : value;
}

function storedHeaders(request: WebhookRequest, verifier: WebhookVerifier): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of [...COMMON_STORED_HEADERS, ...(verifier.storedHeaders ?? [])]) {
    const value = request.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}
