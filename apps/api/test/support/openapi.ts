/** The parts of an OpenAPI 3 document the docs suite reads. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, Schema>; securitySchemes?: Record<string, Record<string, unknown>> };
}

/** One operation. */
export interface OpenApiOperation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses: Record<
    string,
    { content?: Record<string, { schema?: Schema; example?: unknown; examples?: unknown }> }
  >;
  security?: Record<string, string[]>[];
  summary?: string;
  tags?: string[];
  deprecated?: boolean;
}

/** A JSON schema as Swagger writes it (only what the suite reads). */
export interface Schema {
  $ref?: string;
  type?: string;
  example?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
}

/** Follows `#/components/schemas/…` references. */
export function resolveSchema(doc: OpenApiDocument, schema: Schema | undefined): Schema | undefined {
  let current = schema;
  for (let depth = 0; current?.$ref && depth < 10; depth++) {
    current = doc.components.schemas[current.$ref.replace('#/components/schemas/', '')];
  }
  return current;
}

/**
 * The example a reader of the docs sees for `schema`: its own `example`, or one assembled from its
 * properties' examples (how Swagger UI shows `@ApiProperty({ example })`). `undefined` when none.
 */
export function exampleOf(doc: OpenApiDocument, schema: Schema | undefined, depth = 0): unknown {
  const resolved = resolveSchema(doc, schema);
  if (!resolved || depth > 8) return undefined;
  if (resolved.example !== undefined) return resolved.example;
  if (resolved.allOf)
    return Object.assign({}, ...resolved.allOf.map((part) => exampleOf(doc, part, depth + 1) ?? {}));
  if (resolved.type === 'array' && resolved.items) {
    const item = exampleOf(doc, resolved.items, depth + 1);
    return item === undefined ? undefined : [item];
  }
  if (!resolved.properties) return undefined;
  const entries = Object.entries(resolved.properties)
    .map(([name, property]) => [name, exampleOf(doc, property, depth + 1)] as const)
    .filter(([, value]) => value !== undefined);
  return entries.length ? Object.fromEntries(entries) : undefined;
}
