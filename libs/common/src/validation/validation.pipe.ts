import { ValidationError, ValidationPipe, type ArgumentMetadata, type Type } from '@nestjs/common';
import { ApiErrorDetail } from '../http/api-error.js';
import { MalformedPathParameterException } from '../http/echoed-id.js';
import { exceedsJsonDepth, hasControlCharacters, MAX_JSON_DEPTH } from './json-shape.js';
import { opaqueJsonFields, RAW_OPAQUE_VALUES } from './opaque-json.decorator.js';
import { ValidationFailedException } from './validation-failed.exception.js';

/**
 * The validation pipe every endpoint uses: DTOs are transformed, unknown fields are refused, and a
 * 400 names every bad field (nested ones with dotted paths, e.g. `metadata.plan`), not just the first.
 * Before class-transformer (which recurses) sees a body, each field is checked to nest at most
 * {@link MAX_JSON_DEPTH} levels, and top-level keys that only exist to reach the prototype
 * (`__proto__`, `constructor`, `toString`, …) are refused as unknown fields. Path parameters with
 * control characters answer 404; query strings with them 400.
 * @throws ValidationFailedException from `transform` when the value does not satisfy its DTO.
 */
export function createValidationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new ValidationFailedException(flattenValidationErrors(errors)),
  });
}

/** {@link createValidationPipe}'s class: Nest's pipe with the shape checks that must come first. */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'param' && typeof value === 'string' && hasControlCharacters(value)) {
      throw new MalformedPathParameterException();
    }
    if (metadata.type === 'query' && isJsonObject(value)) {
      const problems = queryProblems(value);
      if (problems.length > 0) throw new ValidationFailedException(problems);
    }
    if (metadata.type !== 'body' || !isJsonObject(value)) return super.transform(value, metadata);
    const problems = bodyShapeProblems(value);
    if (problems.length > 0) throw new ValidationFailedException(problems);
    return super.transform(withOpaqueValuesSetAside(value, metadata.metatype), metadata);
  }
}

/** Too-deep fields and prototype keys at the top of a body, one detail each. */
function bodyShapeProblems(body: Record<string, unknown>): ApiErrorDetail[] {
  const problems: ApiErrorDetail[] = [];
  for (const key of Object.keys(body)) {
    if (key in Object.prototype) {
      problems.push({ field: key, message: `${key} is not a known field` });
    } else if (exceedsJsonDepth(body[key], MAX_JSON_DEPTH)) {
      problems.push({ field: key, message: `${key} must not nest more than ${MAX_JSON_DEPTH} levels deep` });
    }
  }
  return problems;
}

function queryProblems(query: Record<string, unknown>): ApiErrorDetail[] {
  return Object.entries(query)
    .filter(([, raw]) => [raw].flat().some((item) => typeof item === 'string' && hasControlCharacters(item)))
    .map(([key]) => ({ field: key, message: `${key} must not contain control characters` }));
}

/**
 * A shallow copy of `body` in which the DTO's `@OpaqueJson()` fields are empty and their raw values
 * sit under a symbol key, so neither Nest's prototype-key stripping nor class-transformer changes
 * them; the `@OpaqueJson()` transform puts them back on the DTO.
 */
function withOpaqueValuesSetAside(body: Record<string, unknown>, metatype: unknown): Record<string, unknown> {
  const fields = opaqueJsonFields(metatype).filter((field) => Object.hasOwn(body, field));
  if (fields.length === 0) return body;
  const copy: Record<string | symbol, unknown> = { ...body };
  const raw: Record<string, unknown> = {};
  for (const field of fields) {
    raw[field] = body[field];
    copy[field] = undefined;
  }
  copy[RAW_OPAQUE_VALUES] = raw;
  return copy as Record<string, unknown>;
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

/**
 * The problems {@link createValidationPipe} finds in a request body for `bodyType`, or `[]` when it
 * is valid. For checks that run before pipes and must report DTO problems together with their own.
 */
export async function findBodyProblems(
  bodyType: Type<object>,
  body: unknown,
  pipe: ValidationPipe = createValidationPipe(),
): Promise<ApiErrorDetail[]> {
  try {
    await pipe.transform(body, { type: 'body', metatype: bodyType });
    return [];
  } catch (error) {
    if (error instanceof ValidationFailedException) return error.details;
    throw error;
  }
}

/** Flattens class-validator's tree into one detail per failed constraint. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): ApiErrorDetail[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.replace(/^property (\S+) should not exist$/, '$1 is not a known field'),
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}
