/** One JSON Pointer token, escaped (RFC 6901: `~` → `~0`, `/` → `~1`). */
export function pointerToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * A copy of `schema` whose document-local `$ref`s (`#`, `#/$defs/…`) point to the same place once
 * the schema sits at `pointer` inside a larger document: in OpenAPI 3.1 a `$ref` inside an embedded
 * schema without its own `$id` resolves against the OpenAPI document, not the schema. Hand-written:
 * the JSON Schema libraries bundle whole documents by `$id`, which a catalogue schema need not have.
 */
export function rebaseSchemaRefs(schema: unknown, pointer: string): unknown {
  if (Array.isArray(schema)) return schema.map((item) => rebaseSchemaRefs(item, pointer));
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => {
      if (key === '$ref' && typeof value === 'string' && (value === '#' || value.startsWith('#/')))
        return [key, `#${pointer}${value.slice(1)}`];
      // `const`, `enum`, `default` and `examples` hold data, not schemas: leave their `$ref` keys alone.
      if (key === 'const' || key === 'enum' || key === 'default' || key === 'examples') return [key, value];
      return [key, rebaseSchemaRefs(value, pointer)];
    }),
  );
}
