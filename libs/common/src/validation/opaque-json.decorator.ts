import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';

/** Metadata key listing a DTO's {@link OpaqueJson} properties. */
const OPAQUE_JSON_FIELDS = Symbol('org:opaque-json-fields');

/**
 * Where the validation pipe puts the raw values of {@link OpaqueJson} properties on the object it
 * hands to class-transformer: a symbol key, which neither class-transformer nor Nest's prototype-key
 * stripping looks at.
 */
export const RAW_OPAQUE_VALUES = Symbol('org:raw-opaque-values');

/**
 * Marks a DTO property holding caller-owned JSON (event `data`, `metadata`) that must reach the
 * service exactly as sent: class-transformer would drop keys such as `constructor` or `toString` and
 * Nest strips `__proto__`, silently changing the caller's data. With the pipe of
 * `createValidationPipe()` the property keeps the parsed value itself (own keys only, no prototype
 * effect); validators on the property see that value.
 * @example
 * @OpaqueJson()
 * @IsObject()
 * data!: Record<string, unknown>;
 */
export const OpaqueJson = (): PropertyDecorator =>
  applyDecorators(
    (target: object, property: string | symbol) => {
      const fields = opaqueJsonFields(target.constructor);
      Reflect.defineMetadata(OPAQUE_JSON_FIELDS, [...fields, String(property)], target.constructor);
    },
    Transform(({ obj, key, value }) => {
      const raw = (obj as { [RAW_OPAQUE_VALUES]?: Record<string, unknown> })[RAW_OPAQUE_VALUES];
      return raw && Object.hasOwn(raw, key) ? raw[key] : value;
    }),
  );

/** The {@link OpaqueJson} properties of a DTO class (inherited ones included). */
export function opaqueJsonFields(type: unknown): readonly string[] {
  if (typeof type !== 'function') return [];
  return (Reflect.getMetadata(OPAQUE_JSON_FIELDS, type) as string[] | undefined) ?? [];
}
