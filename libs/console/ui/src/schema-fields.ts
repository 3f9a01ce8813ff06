/** One row of an event type's field table: a field of `data`, by its path. */
export interface SchemaField {
  /** `amount`, `customer.email`, `items[].sku` (`[]`: every item of an array). */
  path: string;
  /** `string`, `integer`, `object`, `array of object`, `string | null`, … (`any` when unsaid). */
  type: string;
  required: boolean;
  description: string | null;
  /** What the schema says beyond the type: `format: email`, `one of: "a", "b"`, `≥ 1`, … */
  constraints: string[];
}

type Schema = Record<string, unknown>;

/** Nesting followed at most (a schema that refers to itself stops there, not in an endless loop). */
const MAX_DEPTH = 8;

/**
 * The fields of a JSON Schema of an event's `data`, flattened to paths in document order: nested
 * objects as `parent.child`, array items as `list[].field`. Local `$ref`s (`#/$defs/…`,
 * `#/definitions/…`, as class-to-schema generators write them) are followed.
 *
 * Hand-written: the libraries that walk a schema (json-schema-traverse, which ajv uses) visit it by
 * schema keyword and JSON pointer, not by data path, and know nothing of `required` or of how to
 * show a type; what this needs is that small mapping, in the browser bundle.
 */
export function schemaFields(schema: Schema): SchemaField[] {
  const rows: SchemaField[] = [];
  collect(schema, schema, '', rows, 0);
  return rows;
}

function collect(root: Schema, node: Schema, prefix: string, rows: SchemaField[], depth: number): void {
  const schema = resolve(root, node);
  if (depth > MAX_DEPTH) return;
  const properties = asSchemaMap(schema.properties);
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  for (const [name, raw] of Object.entries(properties)) {
    const field = resolve(root, raw);
    const path = prefix ? `${prefix}.${name}` : name;
    rows.push(describe(root, field, path, required.has(name)));
    visitChildren(root, field, path, rows, depth + 1);
  }
}

/** Rows for what lies inside a field: an object's properties, an array's items (`path[]`). */
function visitChildren(root: Schema, node: Schema, path: string, rows: SchemaField[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  const field = structural(root, node);
  if (isObject(field.properties)) collect(root, field, path, rows, depth);
  const items = isObject(field.items) ? resolve(root, field.items) : null;
  if (!items) return;
  const itemPath = `${path}[]`;
  if (isObject(items.properties)) collect(root, items, itemPath, rows, depth);
  else if (isObject(items.items)) {
    // An array of arrays: one row for the inner array, then what it holds.
    rows.push(describe(root, items, itemPath, true));
    visitChildren(root, items, itemPath, rows, depth + 1);
  }
}

/**
 * What holds a field's children: the field itself, or, for a nullable one written as
 * `anyOf: [{…}, {type: 'null'}]`, its one variant that is not null.
 */
function structural(root: Schema, field: Schema): Schema {
  const variants = (field.anyOf ?? field.oneOf) as unknown;
  if (!Array.isArray(variants)) return field;
  const real = variants.map((variant) => resolve(root, variant)).filter((variant) => variant.type !== 'null');
  return real.length === 1 ? real[0] : field;
}

function describe(root: Schema, field: Schema, path: string, required: boolean): SchemaField {
  return {
    path,
    type: typeOf(root, field),
    required,
    description: typeof field.description === 'string' ? field.description : null,
    constraints: constraintsOf(field),
  };
}

/** The type as a reader says it; unions (`type: [..]`, `anyOf`, `oneOf`) joined with `|`. */
function typeOf(root: Schema, field: Schema): string {
  const variants = (field.anyOf ?? field.oneOf) as unknown;
  if (Array.isArray(variants) && variants.length > 0)
    return unique(variants.map((variant) => typeOf(root, resolve(root, variant)))).join(' | ');
  const declared = Array.isArray(field.type)
    ? field.type.map(String)
    : field.type
      ? [String(field.type)]
      : [];
  const named = declared.length
    ? declared
    : field.const !== undefined
      ? [jsonType(field.const)]
      : Array.isArray(field.enum)
        ? unique(field.enum.map(jsonType))
        : isObject(field.properties)
          ? ['object']
          : isObject(field.items)
            ? ['array']
            : ['any'];
  return named
    .map((type) =>
      type === 'array' && isObject(field.items)
        ? `array of ${typeOf(root, resolve(root, field.items))}`
        : type,
    )
    .join(' | ');
}

function constraintsOf(field: Schema): string[] {
  const out: string[] = [];
  if (typeof field.format === 'string') out.push(`format: ${field.format}`);
  if (Array.isArray(field.enum)) out.push(`one of: ${field.enum.map(show).join(', ')}`);
  if (field.const !== undefined) out.push(`always ${show(field.const)}`);
  const bounds: [string, string][] = [
    ['minimum', '≥'],
    ['exclusiveMinimum', '>'],
    ['maximum', '≤'],
    ['exclusiveMaximum', '<'],
  ];
  for (const [keyword, sign] of bounds)
    if (typeof field[keyword] === 'number') out.push(`${sign} ${field[keyword] as number}`);
  if (typeof field.multipleOf === 'number') out.push(`multiple of ${field.multipleOf}`);
  if (typeof field.minLength === 'number') out.push(`at least ${count(field.minLength, 'character')}`);
  if (typeof field.maxLength === 'number') out.push(`at most ${count(field.maxLength, 'character')}`);
  if (typeof field.pattern === 'string') out.push(`matches /${field.pattern}/`);
  if (typeof field.minItems === 'number') out.push(`at least ${count(field.minItems, 'item')}`);
  if (typeof field.maxItems === 'number') out.push(`at most ${count(field.maxItems, 'item')}`);
  if (field.uniqueItems === true) out.push('items unique');
  if (field.additionalProperties === false) out.push('no other fields');
  if (field.default !== undefined) out.push(`default ${show(field.default)}`);
  if (field.deprecated === true) out.push('deprecated');
  return out;
}

/** `node` with a local `$ref` replaced by its target (siblings of `$ref` kept, as 2020-12 allows). */
function resolve(root: Schema, node: unknown, seen: ReadonlySet<string> = new Set()): Schema {
  if (!isObject(node)) return {};
  const ref = node.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#') || seen.has(ref)) return node;
  let target: unknown = root;
  for (const part of ref.slice(1).split('/').filter(Boolean))
    target = isObject(target) ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  const siblings: Schema = { ...node };
  delete siblings.$ref;
  return { ...resolve(root, target, new Set([...seen, ref])), ...siblings };
}

function asSchemaMap(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}

function isObject(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function show(value: unknown): string {
  return JSON.stringify(value);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
