import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { WORKSPACE_PATTERN, WORKSPACE_RULE } from '@org/common';
import { IsInt, IsOptional, IsString, Matches, Min } from 'class-validator';

/** Body of `POST /portal/sessions`. */
export class CreatePortalSessionDto {
  @ApiPropertyOptional({
    example: 'acme',
    description:
      'The workspace the portal shows. Required for a key that sees every workspace; a workspace-bound key gets its own (naming another answers 404).',
  })
  @IsOptional()
  @IsString()
  // The same identifiers API keys are bound to: a NUL, `%` or `*` here used to make every portal call answer 500.
  @Matches(WORKSPACE_PATTERN, { message: `workspace must be ${WORKSPACE_RULE}` })
  workspace?: string;

  @ApiPropertyOptional({ example: 3600, description: 'Lifetime of the link in seconds (default 3600).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  ttl_seconds?: number;
}

/** A portal link. */
export class PortalSessionDto {
  @ApiProperty({ example: 'http://localhost:3000/portal?token=eyJ2Ijoi…' })
  url!: string;

  @ApiProperty({ example: 'acme' })
  workspace!: string;

  @ApiProperty({ format: 'date-time', example: '2026-03-16T13:00:00.000Z' })
  expires_at!: string;
}

/** `{ data: PortalSessionDto }`. */
export class PortalSessionResponseDto {
  @ApiProperty({ type: PortalSessionDto })
  data!: PortalSessionDto;
}

/** What the portal learns about its own session. */
export class PortalSessionInfoDto {
  @ApiProperty({ example: 'acme' })
  workspace!: string;

  @ApiProperty({ format: 'date-time', example: '2026-03-16T13:00:00.000Z' })
  expires_at!: string;
}

/** `{ data: PortalSessionInfoDto }`. */
export class PortalSessionInfoResponseDto {
  @ApiProperty({ type: PortalSessionInfoDto })
  data!: PortalSessionInfoDto;
}
