import { ValidationFailedException, type ApiErrorDetail } from '@org/common';
import { batchItemNotObjectMessage } from '../webhooks.messages.js';
import type { PublishItem } from './published-event.interface.js';

const FIELDS = new Set(['type', 'data', 'idempotency_key']);

/**
 * The items of a `POST /events/batch` body as `publishMany` takes them. Only their shape is checked
 * here (an object, no unknown field); their values are `publishMany`'s to check.
 * @throws ValidationFailedException naming every item that is not an object or has an unknown field
 */
export function toPublishItems(events: readonly unknown[]): PublishItem[] {
  const problems: ApiErrorDetail[] = [];
  const items = events.map((event, index): PublishItem => {
    const field = `events.${index}`;
    if (typeof event !== 'object' || event === null || Array.isArray(event)) {
      problems.push({ field, message: batchItemNotObjectMessage(field) });
      return { type: '', data: {} };
    }
    for (const key of Object.keys(event)) {
      if (!FIELDS.has(key))
        problems.push({ field: `${field}.${key}`, message: `${key} is not a known field` });
    }
    const { type, data, idempotency_key } = event as Record<string, unknown>;
    return {
      type: type as string,
      data: data as Record<string, unknown>,
      idempotencyKey: idempotency_key as string | undefined,
    };
  });
  if (problems.length > 0) throw new ValidationFailedException(problems);
  return items;
}
