import { registerDecorator, type ValidationOptions } from 'class-validator';
import { hasControlCharacters, someJsonString } from './json-shape.js';

/**
 * Refuses control characters (U+0000-U+001F, U+007F) in a text field, in each string of an array,
 * and in every key and string of a JSON object (walked without recursion). PostgreSQL cannot store
 * U+0000 at all, and the others have no place in names, URLs or keys.
 * @example
 * @IsString()
 * @NoControlCharacters()
 * name!: string;
 */
export function NoControlCharacters(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'noControlCharacters',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => !someJsonString(value, hasControlCharacters),
        defaultMessage: (args) => `${args?.property} must not contain control characters`,
      },
    });
}

/**
 * Refuses U+0000 anywhere in a JSON value (keys and strings): PostgreSQL's jsonb cannot hold it, so
 * every store refuses it alike rather than one of them failing.
 * @example
 * @OpaqueJson()
 * @NoNulCharacters()
 * data!: Record<string, unknown>;
 */
export function NoNulCharacters(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'noNulCharacters',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => !someJsonString(value, (text) => text.includes('\u0000')),
        defaultMessage: (args) => `${args?.property} must not contain U+0000 (NUL) characters`,
      },
    });
}
