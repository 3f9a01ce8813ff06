import { describeValue, type OptionChecker } from '@org/common';
import { createSchemaCompiler, type EventDataValidator } from '../catalogue/event-data.validator.js';
import { payloadSchemaOf } from '../catalogue/payload-schema.factory.js';
import { webhookEventOf, type WebhookEventClass } from '../catalogue/webhook-event.decorator.js';
import { EVENT_TYPE_NAME, MAX_EVENT_TYPE_LENGTH } from '../webhooks.constants.js';
import type { EventTypeDefinition } from './webhooks-options.interface.js';

/** The catalogue as resolved: its entries, and the compiled check of each entry that has a schema. */
export interface ResolvedEventTypes {
  eventTypes: EventTypeDefinition[];
  validators: Map<string, EventDataValidator>;
}

/**
 * Validates the event type catalogue option: plain definitions and `@WebhookEvent` classes (whose
 * schema is generated here). Names must be unique exact types, every schema must compile, and every
 * example must pass its own schema; each schema is compiled once, here.
 */
export function resolveEventTypes(value: unknown, check: OptionChecker): ResolvedEventTypes {
  const resolved: ResolvedEventTypes = { eventTypes: [], validators: new Map() };
  if (value === undefined) return resolved;
  if (!Array.isArray(value)) {
    check.fail('eventTypes', `must be an array, got ${describeValue(value)}`);
    return resolved;
  }
  const compile = createSchemaCompiler();
  const seen = new Set<string>();
  value.forEach((entry: unknown, index) => {
    const at = `eventTypes[${index}]`;
    const definition = definitionOf(entry, at, check);
    if (!definition || !checkDefinition(definition, at, seen, check)) return;
    const { name, description, example, schema } = definition;
    const named = `${at} (${name})`;
    let validator: EventDataValidator | undefined;
    if (schema !== undefined) {
      try {
        validator = compile(schema);
      } catch (error) {
        check.fail(`${named}.schema`, `does not compile: ${(error as Error).message}`);
        return;
      }
    }
    const problems = example !== undefined && validator ? validator(example) : null;
    if (problems) {
      const list = problems.map((problem) => problem.message).join('; ');
      check.fail(`${named}.example`, `breaks its own schema: ${list}`);
      return;
    }
    resolved.eventTypes.push({
      name,
      description,
      ...(example === undefined ? {} : { example: structuredClone(example) }),
      ...(schema === undefined ? {} : { schema: structuredClone(schema) }),
    });
    if (validator) resolved.validators.set(name, validator);
  });
  return resolved;
}

/** A plain definition as given, or the one a `@WebhookEvent` class declares (its schema generated). */
function definitionOf(
  entry: unknown,
  at: string,
  check: OptionChecker,
): Partial<EventTypeDefinition> | undefined {
  if (typeof entry === 'function') {
    const declared = webhookEventOf(entry);
    if (!declared) {
      check.fail(at, `${entry.name || 'this class'} is not decorated with @WebhookEvent(name)`);
      return undefined;
    }
    try {
      return { description: '', ...declared, schema: payloadSchemaOf(entry as WebhookEventClass) };
    } catch (error) {
      check.fail(`${at} (${declared.name}).schema`, (error as Error).message);
      return undefined;
    }
  }
  if (typeof entry !== 'object' || entry === null) {
    check.fail(at, 'must be { name, description } or a @WebhookEvent class');
    return undefined;
  }
  return entry as Partial<EventTypeDefinition>;
}

/** Today's checks of a definition's fields; `true` when it may enter the catalogue. */
function checkDefinition(
  definition: Partial<EventTypeDefinition>,
  at: string,
  seen: Set<string>,
  check: OptionChecker,
): definition is EventTypeDefinition {
  const { name, description, example, schema } = definition;
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
  if (example !== undefined && !isPlainObject(example)) {
    check.fail(`${at}.example`, 'must be an object (the data of a sample event)');
    valid = false;
  }
  if (schema !== undefined && !isPlainObject(schema)) {
    check.fail(`${at}.schema`, 'must be a JSON Schema object (of the event data)');
    valid = false;
  }
  return valid;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
