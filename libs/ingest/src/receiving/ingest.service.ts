import { Inject, Injectable } from '@nestjs/common';
import { newId } from '@org/common';
import { MalformedWebhookError } from '../errors/malformed-webhook.error.js';
import { MalformedWebhookException } from '../errors/malformed-webhook.exception.js';
import {
  COMMON_STORED_HEADERS,
  INBOUND_EVENT_ID_PREFIX,
  MAX_EVENT_TYPE_LENGTH,
  MAX_EVENTS_PER_REQUEST,
  MAX_EXTERNAL_ID_LENGTH,
} from '../ingest.constants.js';
import { IngestStore } from '../storage/ingest-store.interface.js';
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
  ) {}

  /** @throws MalformedWebhookException (400) when the verified body cannot be understood. */
  async receive({
    verifier,
    request,
    origin,
  }: VerifiedWebhook): Promise<IngestReceiptDto | Record<string, unknown>> {
    // A handshake (Slack's url_verification) is answered, not stored.
    const challenge = verifier.challengeResponse?.(request);
    if (challenge) return challenge;
    const events = this.parse(verifier, request);
    const rawBody = withoutNul(request.rawBody.toString('utf8'));
    const headers = storedHeaders(request, verifier);
    const outcomes = await this.store.saveReceived(
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
      })),
    );
    if (outcomes.some((outcome) => !outcome.duplicate)) this.worker.wake();
    return {
      received: true,
      id: outcomes[0].id,
      ids: outcomes.map((outcome) => outcome.id),
      duplicate: outcomes.every((outcome) => outcome.duplicate),
    };
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
    }
    return events;
  }
}

/**
 * U+0000 is valid in JSON strings but PostgreSQL text and jsonb cannot store it; every store gets
 * U+FFFD instead, so handlers see the same payload whichever store is configured.
 */
function withoutNul<T>(value: T): T {
  // Almost no payload holds U+0000: look first (no allocation), copy only when there is one.
  return containsNul(value) ? replaceNul(value) : value;
}

function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(containsNul);
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (containsNul(key) || containsNul((value as Record<string, unknown>)[key])) return true;
    }
  }
  return false;
}

function replaceNul<T>(value: T): T {
  if (typeof value === 'string')
    return (value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value) as T;
  if (Array.isArray(value)) return value.map(replaceNul) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [replaceNul(k), replaceNul(v)])) as T;
  }
  return value;
}

function storedHeaders(request: WebhookRequest, verifier: WebhookVerifier): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of [...COMMON_STORED_HEADERS, ...(verifier.storedHeaders ?? [])]) {
    const value = request.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}
