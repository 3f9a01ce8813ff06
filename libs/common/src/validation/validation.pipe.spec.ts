import { describe, expect, it } from '@jest/globals';
import { IsObject, IsString, Length } from 'class-validator';
import { OpaqueJson } from './opaque-json.decorator.js';
import { MalformedPathParameterException } from '../http/echoed-id.js';
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

class OpaqueBody {
  @IsString()
  type!: string;

  @OpaqueJson()
  @IsObject()
  data!: Record<string, unknown>;
}

describe('createValidationPipe: shapes checked before class-transformer', () => {
  const pipe = createValidationPipe();
  const body = { type: 'body' as const, metatype: OpaqueBody };

  it('keeps @OpaqueJson values exactly as parsed, prototype-named keys included', async () => {
    const raw = JSON.parse(
      '{"type":"t","data":{"constructor":1,"toString":2,"__proto__":{"x":1},"n":{"constructor":3}}}',
    );
    const dto = (await pipe.transform(raw, body)) as OpaqueBody;
    expect(dto).toBeInstanceOf(OpaqueBody);
    expect(dto.data).toBe(raw.data);
    expect(JSON.stringify(dto.data)).toBe(
      '{"constructor":1,"toString":2,"__proto__":{"x":1},"n":{"constructor":3}}',
    );
  });

  it('refuses a field nested over 32 levels, naming it, however deep', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const failure = await pipe.transform({ type: 't', data: deep }, body).catch((error: unknown) => error);
    expect((failure as ValidationFailedException).details).toEqual([
      { field: 'data', message: 'data must not nest more than 32 levels deep' },
    ]);
  });

  it('refuses top-level prototype keys as unknown fields', async () => {
    const failure = await pipe
      .transform(JSON.parse('{"type":"t","data":{},"__proto__":{"x":1},"constructor":1}'), body)
      .catch((error: unknown) => error);
    expect((failure as ValidationFailedException).details.map((d) => d.field)).toEqual([
      '__proto__',
      'constructor',
    ]);
  });

  it('answers 404 for a path parameter with a control character, 400 for a query value', async () => {
    await expect(
      pipe.transform('whk_\u0000', { type: 'param', metatype: String, data: 'id' }),
    ).rejects.toBeInstanceOf(MalformedPathParameterException);
    await expect(
      pipe.transform({ type: 'a\u0001' }, { type: 'query', metatype: Object }),
    ).rejects.toBeInstanceOf(ValidationFailedException);
  });
});
