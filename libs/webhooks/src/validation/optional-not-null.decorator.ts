import { ValidateIf } from 'class-validator';

/**
 * Like `@IsOptional()` but refuses `null`: the field may be absent, and when present it is validated.
 * For PATCH bodies, where `{"name": null}` must be a 400 rather than an attempt to clear a required field.
 * @example
 * @OptionalNotNull()
 * @IsString()
 * name?: string;
 */
export const OptionalNotNull = (): PropertyDecorator =>
  ValidateIf((_object: object, value: unknown) => value !== undefined);
