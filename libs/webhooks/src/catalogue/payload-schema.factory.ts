import { createRequire } from 'node:module';
import { DECORATORS } from '@nestjs/swagger';
import { ValidationTypes } from 'class-validator';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import type { JsonSchema } from './json-schema.js';

/** A class, as the metadata stores key their entries. */
type AnyClass = abstract new (...args: never) => unknown;

/** class-transformer's store of `@Type(() => Item)`, which says what a nested or array property holds. */
interface TypeMetadataStorage {
  findTypeMetadata(target: AnyClass, propertyName: string): { typeFunction: () => AnyClass } | undefined;
}
// class-transformer ships no types for this entry; it is the CommonJS build Node loads for
// `import 'class-transformer'` too (the package has no `exports`), so the store is the same one.
const { defaultMetadataStorage } = createRequire(import.meta.url)('class-transformer/cjs/storage.js') as {
  defaultMetadataStorage: TypeMetadataStorage;
};

type SchemaOptions = NonNullable<Parameters<typeof targetConstructorToSchema>[1]>;

/** What `@ApiProperty()` wrote on one property (the subset read here). */
interface ApiPropertyMetadata {
  type?: unknown;
  isArray?: boolean;
  required?: boolean;
  description?: string;
  example?: unknown;
  format?: string;
  enum?: unknown;
  nullable?: boolean;
}

/**
 * The JSON Schema (draft 2020-12) of a payload class's instances. class-validator-jsonschema reads
 * the class-validator decorators; two things are added here because it leaves them out:
 * - nested classes (`@ValidateNested` + `@Type`) are inlined rather than referenced as
 *   `#/definitions/Name`, so each event's schema stands alone (no shared, name-keyed definitions that
 *   two classes called `Item` would clash in) and reads as one tree in the portal's field table;
 * - `@ApiProperty` metadata: its description and example annotate the property, a property that
 *   has only `@ApiProperty` gets its type from it, and `nullable: true` admits `null` (the way an
 *   absent value is sent when the field is always present, e.g. a third party's optional field).
 * Every object is closed (`additionalProperties: false`): the class lists the whole payload, so a
 * field it does not declare is a typo on the publishing side, refused at publish.
 * @throws Error for a class that contains itself (a recursive payload cannot be inlined)
 */
export function payloadSchemaOf(type: AnyClass, path: readonly AnyClass[] = []): JsonSchema {
  if (path.includes(type))
    throw new Error(`${type.name} contains itself; a payload class cannot be recursive`);
  const within = [...path, type];
  const options: SchemaOptions = {
    classTransformerMetadataStorage:
      defaultMetadataStorage as unknown as SchemaOptions['classTransformerMetadataStorage'],
    additionalConverters: {
      [ValidationTypes.NESTED_VALIDATION]: (meta: { target: unknown; propertyName: string }) => {
        const nested = nestedType(meta.target as AnyClass, meta.propertyName);
        return nested ? payloadSchemaOf(nested, within) : { type: 'object' };
      },
    },
  };
  const schema = structuredClone(targetConstructorToSchema(type, options)) as JsonSchema & {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  const properties = (schema.properties ??= {});
  const required = new Set(schema.required ?? []);
  for (const [name, api] of apiProperties(type)) {
    if (properties[name] === undefined) {
      properties[name] = apiPropertySchema(api, within);
      if (api.required !== false) required.add(name);
    }
    annotate(properties[name], api);
  }
  return {
    type: 'object',
    properties,
    ...(required.size > 0 ? { required: [...required] } : {}),
    additionalProperties: false,
  };
}

function nestedType(target: AnyClass, property: string): AnyClass | undefined {
  const declared = defaultMetadataStorage.findTypeMetadata(target, property)?.typeFunction();
  if (declared) return declared;
  const reflected = Reflect.getMetadata('design:type', target.prototype as object, property) as unknown;
  return typeof reflected === 'function' && reflected !== Array && reflected !== Object
    ? (reflected as AnyClass)
    : undefined;
}

/** The `@ApiProperty` metadata of each property of `type` (and of its parents). */
function apiProperties(type: AnyClass): [string, ApiPropertyMetadata][] {
  const names = (Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, type.prototype as object) ??
    []) as string[];
  return names.map((key) => {
    const name = key.replace(/^:/, '');
    const api = (Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, type.prototype as object, name) ??
      {}) as ApiPropertyMetadata;
    return [name, api];
  });
}

/** The schema of a property only `@ApiProperty` describes. */
function apiPropertySchema(api: ApiPropertyMetadata, path: readonly AnyClass[]): JsonSchema {
  const declared = Array.isArray(api.type) ? api.type[0] : api.type;
  const isArray = api.isArray === true || Array.isArray(api.type);
  const item = scalarSchema(declared, api, path);
  return isArray ? { type: 'array', items: item } : item;
}

function scalarSchema(type: unknown, api: ApiPropertyMetadata, path: readonly AnyClass[]): JsonSchema {
  if (api.enum !== undefined) {
    const values = Array.isArray(api.enum) ? api.enum : Object.values(api.enum as object);
    return { enum: values };
  }
  if (type === String || type === 'string') return { type: 'string' };
  if (type === Number || type === 'number') return { type: 'number' };
  if (type === 'integer') return { type: 'integer' };
  if (type === Boolean || type === 'boolean') return { type: 'boolean' };
  if (type === Date) return { type: 'string', format: 'date-time' };
  // `type: () => Item`, the lazy form: a class is called with `new`, a thunk is not.
  const resolved = typeof type === 'function' && !type.prototype ? (type as () => unknown)() : type;
  if (typeof resolved === 'function' && resolved !== Object)
    return payloadSchemaOf(resolved as AnyClass, path);
  return {};
}

/** Adds what `@ApiProperty` says about a property to its schema (the item's schema for an array). */
function annotate(schema: JsonSchema, api: ApiPropertyMetadata): void {
  if (api.description !== undefined) schema.description = api.description;
  if (api.example !== undefined) schema.examples = [api.example];
  const target = schema.type === 'array' && schema.items ? (schema.items as JsonSchema) : schema;
  if (api.format !== undefined && target.format === undefined && target.oneOf === undefined)
    target.format = api.format;
  if (api.nullable === true) admitNull(schema);
}

/**
 * Widens `schema` to accept `null` too: `type: ['string', 'null']`, an enum with `null`. A schema with
 * neither (`{}`) accepts `null` already.
 */
function admitNull(schema: JsonSchema): void {
  const { type } = schema;
  if (typeof type === 'string') schema.type = [type, 'null'];
  else if (Array.isArray(type) && !type.includes('null')) schema.type = [...(type as string[]), 'null'];
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
}
