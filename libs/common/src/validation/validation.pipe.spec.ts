import { describe, expect, it } from '@jest/globals';
import { IsString, Length } from 'class-validator';
import { ValidationFailedException } from './validation-failed.exception.js';
import { createValidationPipe, findBodyProblems } from './validation.pipe.js';

class NamedBody {
  @IsString()
  @Length(1, 10)
  name!: string;
}

describe('createValidationPipe', () => {
  it('throws one ValidationFailedException naming every bad field, counted once each', async () => {
    const failure = await createValidationPipe()
      .transform({ name: 5, extra: true }, { type: 'body', metatype: NamedBody })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ValidationFailedException);
    const response = (failure as ValidationFailedException).getResponse();
    expect(response).toEqual({
      code: 'validation_failed',
      message: 'The request has 2 invalid fields: extra, name.',
      details: [
        { field: 'extra', message: 'extra is not a known field' },
        { field: 'name', message: expect.stringContaining('name must be') },
        { field: 'name', message: 'name must be a string' },
      ],
    });
  });
});

describe('findBodyProblems', () => {
  it("returns the pipe's details for an invalid body and nothing for a valid one", async () => {
    expect(await findBodyProblems(NamedBody, { name: '' })).toEqual([
      { field: 'name', message: 'name must be longer than or equal to 1 characters' },
    ]);
    expect(await findBodyProblems(NamedBody, { name: 'Ada' })).toEqual([]);
  });
});
