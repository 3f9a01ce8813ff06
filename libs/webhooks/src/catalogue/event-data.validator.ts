import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvFormats, { type FormatsPlugin } from 'ajv-formats';
import type { ApiErrorDetail } from '@org/common';
import type { JsonSchema } from './json-schema.js';

// ajv-formats is CommonJS: its `module.exports` is the plugin, which also carries itself as
// `default`, the one name its types and every loader (Node's ESM, Jest's) agree on.
const addFormats = (ajvFormats as unknown as { default: FormatsPlugin }).default;

/** Checks one event's `data`: `null` when it conforms, else every problem, named `data.<path>`. */
export type EventDataValidator = (data: unknown) => ApiErrorDetail[] | null;

/**
 * One Ajv instance compiles every schema of the catalogue at start-up (draft 2020-12, all errors
 * reported, the standard formats); publishing then runs the compiled function, never class-validator.
 * Strict mode stays on so a misspelt keyword (`requried`) stops start-up instead of checking nothing;
 * `example` is accepted as an annotation since OpenAPI-minded schemas carry it.
 */
export function createSchemaCompiler(): (schema: JsonSchema) => EventDataValidator {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'example' });
  return (schema) => {
    const validate: ValidateFunction = ajv.compile(schema);
    return (data) => (validate(data) ? null : (validate.errors ?? []).map(toDetail));
  };
}

/** `/items/0/sku` → `data.items.0.sku`, with a message that names what is wrong. */
function toDetail(error: ErrorObject): ApiErrorDetail {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  const field = ['data', ...path].join('.');
  return { field, message: `${field} ${describeError(error)}` };
}

function describeError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `must have the property "${String(params.missingProperty)}"`;
    case 'additionalProperties':
      return `must not have the property "${String(params.additionalProperty)}" (the schema allows no other properties)`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
    default:
      return error.message ?? `breaks the schema's "${error.keyword}" rule`;
  }
}
