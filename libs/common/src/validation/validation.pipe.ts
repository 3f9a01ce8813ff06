import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiErrorDetail } from '../http/api-error.js';

/**
 * The validation pipe every endpoint uses: DTOs are transformed, unknown fields are refused, and a
 * 400 names every bad field (nested ones with dotted paths, e.g. `metadata.plan`), not just the first.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const details = flattenValidationErrors(errors);
      return new BadRequestException({
        code: 'validation_failed',
        message: `The request has ${details.length} invalid field${details.length === 1 ? '' : 's'}: ${[
          ...new Set(details.map((d) => d.field)),
        ].join(', ')}.`,
        details,
      });
    },
  });
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
