import { ValidationError, ValidationPipe, type Type } from '@nestjs/common';
import { ApiErrorDetail } from '../http/api-error.js';
import { ValidationFailedException } from './validation-failed.exception.js';

/**
 * The validation pipe every endpoint uses: DTOs are transformed, unknown fields are refused, and a
 * 400 names every bad field (nested ones with dotted paths, e.g. `metadata.plan`), not just the first.
 * @throws ValidationFailedException from `transform` when the value does not satisfy its DTO.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new ValidationFailedException(flattenValidationErrors(errors)),
  });
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
