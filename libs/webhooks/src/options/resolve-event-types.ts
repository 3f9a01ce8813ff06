import { describeValue, type OptionChecker } from '@org/common';
import { EVENT_TYPE_NAME, MAX_EVENT_TYPE_LENGTH } from '../webhooks.constants.js';
import type { EventTypeDefinition } from './webhooks-options.interface.js';

/** Validates the event type catalogue option and returns a copy; names must be unique exact types. */
export function resolveEventTypes(value: unknown, check: OptionChecker): EventTypeDefinition[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    check.fail('eventTypes', `must be an array, got ${describeValue(value)}`);
    return [];
  }
  const seen = new Set<string>();
  const entries: EventTypeDefinition[] = [];
  value.forEach((entry: unknown, index) => {
    const at = `eventTypes[${index}]`;
    if (typeof entry !== 'object' || entry === null) return check.fail(at, 'must be { name, description }');
    const { name, description, example, schema } = entry as Partial<EventTypeDefinition>;
    let valid = true;
    if (typeof name !== 'string' || !EVENT_TYPE_NAME.test(name) || name.length > MAX_EVENT_TYPE_LENGTH) {
      check.fail(
        `${at}.name`,
        `must be lowercase dot-separated words like contact.created, got ${describeValue(name)}`,
      );
      valid = false;
    } else if (seen.has(name)) {
      check.fail(`${at}.name`, `"${name}" is listed twice`);
      valid = false;
    } else seen.add(name);
    if (typeof description !== 'string') {
      check.fail(`${at}.description`, 'must be a string');
      valid = false;
    }
    if (
      example !== undefined &&
      (typeof example !== 'object' || example === null || Array.isArray(example))
    ) {
      check.fail(`${at}.example`, 'must be an object (the data of a sample event)');
      valid = false;
    }
    if (valid) {
      entries.push({
        name: name as string,
        description: description as string,
        ...(example === undefined ? {} : { example: structuredClone(example) }),
        ...(schema === undefined ? {} : { schema: structuredClone(schema) }),
      });
    }
  });
  return entries;
}
