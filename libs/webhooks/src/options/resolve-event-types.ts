import { InvalidWebhooksOptionsError } from '../errors/invalid-webhooks-options.error.js';
import { EVENT_TYPE_NAME, MAX_EVENT_TYPE_LENGTH } from '../webhooks.constants.js';
import { describe } from './option-checks.js';
import type { EventTypeDefinition } from './webhooks-options.interface.js';

/** Validates the event type catalogue option and returns a copy; names must be unique exact types. */
export function resolveEventTypes(value: unknown): EventTypeDefinition[] {
  if (value === undefined) return [];
  if (!Array.isArray(value))
    throw new InvalidWebhooksOptionsError('eventTypes', `must be an array, got ${describe(value)}`);
  const seen = new Set<string>();
  return value.map((entry: unknown, index): EventTypeDefinition => {
    const at = `eventTypes[${index}]`;
    if (typeof entry !== 'object' || entry === null)
      throw new InvalidWebhooksOptionsError(at, 'must be { name, description }');
    const { name, description, example } = entry as Partial<EventTypeDefinition>;
    if (typeof name !== 'string' || !EVENT_TYPE_NAME.test(name) || name.length > MAX_EVENT_TYPE_LENGTH) {
      throw new InvalidWebhooksOptionsError(
        `${at}.name`,
        `must be lowercase dot-separated words like contact.created, got ${describe(name)}`,
      );
    }
    if (seen.has(name)) throw new InvalidWebhooksOptionsError(`${at}.name`, `"${name}" is listed twice`);
    seen.add(name);
    if (typeof description !== 'string')
      throw new InvalidWebhooksOptionsError(`${at}.description`, 'must be a string');
    if (
      example !== undefined &&
      (typeof example !== 'object' || example === null || Array.isArray(example))
    ) {
      throw new InvalidWebhooksOptionsError(
        `${at}.example`,
        'must be an object (the data of a sample event)',
      );
    }
    return { name, description, ...(example === undefined ? {} : { example: structuredClone(example) }) };
  });
}
