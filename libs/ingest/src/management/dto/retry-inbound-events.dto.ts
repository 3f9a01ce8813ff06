import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';

/** Body of `POST /inbound-events/retry`: the failed events of a time range (by `received_at`). */
export class RetryInboundEventsDto {
  @ApiPropertyOptional({ example: 'stripe', description: 'Only this source (name or src_ id).' })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  source?: string;

  @ApiProperty({ enum: ['failed'], description: 'Only failed events are retried.' })
  @IsIn(['failed'])
  status!: 'failed';

  @ApiProperty({
    format: 'date-time',
    example: '2026-12-01T00:00:00.000Z',
    description: 'Received at or after.',
  })
  @IsISO8601({ strict: true })
  since!: string;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-12-02T00:00:00.000Z',
    description: 'Received before (default: now).',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  until?: string;
}

/** How many failed events a range retry put back in the queue. */
export class RetryScheduledDto {
  @ApiProperty({ example: 42 })
  scheduled!: number;
}

/** `{ data }` answer of a range retry. */
export class RetryScheduledResponseDto {
  @ApiProperty({ type: RetryScheduledDto })
  data!: RetryScheduledDto;
}
