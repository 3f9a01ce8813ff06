import { BadRequestException } from '@nestjs/common';
import { ApiErrorDetail } from '../http/api-error.js';

/**
 * 400 `validation_failed`: one detail per problem, every bad field named in the message. The
 * validation pipe throws it, and so does any check that must report alongside the pipe (a rule that
 * depends on configuration), so a client always gets all problems of a request in one answer.
 */
export class ValidationFailedException extends BadRequestException {
  constructor(readonly details: ApiErrorDetail[]) {
    super({ code: 'validation_failed', message: validationFailedMessage(details), details });
  }
}

function validationFailedMessage(details: readonly ApiErrorDetail[]): string {
  const fields = [...new Set(details.map((detail) => detail.field))];
  return `The request has ${fields.length} invalid field${fields.length === 1 ? '' : 's'}: ${fields.join(', ')}.`;
}
