import { Injectable } from '@nestjs/common';
import type { ApiErrorDetail } from '@org/common';
import type { BodyPolicy } from './body-policy.js';
import { unknownEventTypeMessage } from '../webhooks.messages.js';
import { EventTypeCatalogue } from '../events/event-type.catalogue.js';

/**
 * The catalogue check of `WebhooksService.publish` over a raw `POST /events` body, so that an unknown
 * `type` is named together with the body's other problems.
 */
@Injectable()
export class EventBodyPolicy implements BodyPolicy {
  constructor(private readonly catalogue: EventTypeCatalogue) {}

  problems(body: Readonly<Record<string, unknown>>): ApiErrorDetail[] {
    const { type } = body;
    if (typeof type !== 'string' || this.catalogue.allowsType(type)) return [];
    return [{ field: 'type', message: unknownEventTypeMessage(type) }];
  }
}
