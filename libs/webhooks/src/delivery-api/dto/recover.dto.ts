import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';

/** Body of `POST /webhooks/:id/recover`. */
export class RecoverDto {
  @ApiProperty({
    example: '2026-03-16T00:00:00Z',
    description: 'Start of the window (ISO 8601): events created at or after it. Within the retention.',
  })
  @IsISO8601({ strict: true })
  since!: string;

  @ApiPropertyOptional({
    example: '2026-03-16T06:00:00Z',
    description: 'End of the window (ISO 8601, exclusive); now when omitted. After `since`.',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  until?: string;
}

/** What a recover scheduled. */
export class RecoverResultDto {
  @ApiProperty({ example: 12, description: 'Events of the window scheduled again (each once).' })
  scheduled!: number;
}

/** 202 answer of `POST /webhooks/:id/recover`. */
export class RecoverResponseDto {
  @ApiProperty({ type: RecoverResultDto })
  data!: RecoverResultDto;
}
