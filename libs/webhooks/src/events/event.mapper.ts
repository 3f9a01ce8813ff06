import type { EventRecord } from '../interfaces/webhook-event.interface.js';
import type { EventDto, PublishedEventDto } from './dto/event.dto.js';
import type { PublishedEvent } from './published-event.interface.js';

/** The acknowledgement of a publish. */
export function toPublishedEventDto(event: PublishedEvent): PublishedEventDto {
  return { id: event.id, type: event.type, created_at: event.createdAt.toISOString() };
}

/** An event of the log: its data comes from the stored body, exactly what subscribers receive. */
export function toEventDto(record: EventRecord): EventDto {
  const body = JSON.parse(record.payload) as { data: Record<string, unknown> };
  return { id: record.id, type: record.type, created_at: record.createdAt.toISOString(), data: body.data };
}
