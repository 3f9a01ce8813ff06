import { registerDecorator, type ValidationOptions } from 'class-validator';

/** What a field's value means in canonical terms, so equal meanings in different forms agree. */
export type FieldMeaning = (field: string, value: unknown) => unknown;

/**
 * Refuses a body that gives an alias and its canonical field (or two aliases) with meanings that
 * differ, e.g. `{"events": ["a"], "event_types": ["b"]}` or `{"active": true, "status": "paused"}`:
 * guessing which one the caller meant would silently drop the other. `meaning` maps each field's
 * value to what it means (the canonical value) so equal meanings in different forms are accepted.
 * @example
 * @AgreesWith(['event_types'], (field, value) => (Array.isArray(value) ? [...value].sort() : value))
 * events?: string[];
 */
export function AgreesWith(
  others: readonly string[],
  meaning: FieldMeaning,
  options?: ValidationOptions,
): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'agreesWith',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown, args) =>
          disagreeing(args?.object as Record<string, unknown>, propertyName as string, value).length === 0,
        defaultMessage: (args) => {
          const conflicts = disagreeing(args?.object as Record<string, unknown>, args!.property, args?.value);
          return `${args?.property} and ${conflicts.join(', ')} say different things: give only one of them`;
        },
      },
    });

  function disagreeing(body: Record<string, unknown>, field: string, value: unknown): string[] {
    if (value === undefined || value === null) return [];
    const own = JSON.stringify(meaning(field, value));
    return others.filter(
      (other) =>
        body[other] !== undefined &&
        body[other] !== null &&
        JSON.stringify(meaning(other, body[other])) !== own,
    );
  }
}
