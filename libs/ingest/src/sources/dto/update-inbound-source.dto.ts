import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { rotatedSecretDescription } from '../../source-kinds/source-kind.descriptions.js';

/** Body of `PATCH /inbound-sources/:id`: what may change (the type may not). */
export class UpdateInboundSourceDto {
  @ApiPropertyOptional({ example: 'Acme Stripe (live)', maxLength: 255 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: "The type's options, replacing the current ones.",
  })
  @IsOptional()
  @IsObject()
  options?: Record<string, unknown>;
}

/** Body of `PATCH /inbound-sources/:id/secret`. */
export class RotateInboundSourceSecretDto {
  @ApiPropertyOptional({
    description: rotatedSecretDescription(),
  })
  @IsOptional()
  @IsString()
  secret?: string;
}
