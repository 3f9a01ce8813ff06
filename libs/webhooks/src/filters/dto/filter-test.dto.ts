import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OpaqueJson } from '@org/common';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { FILTER_OPERATORS, type FilterOperator, type PayloadFilter } from '../payload-filter.js';
import { PAYLOAD_FILTER_EXAMPLE } from '../payload-filter.swagger.js';

/** Body of `POST /webhooks/filters/test`: a filter (or a subscription's) and the event to try it on. */
export class FilterTestDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: PAYLOAD_FILTER_EXAMPLE,
    description: 'The filter to try (as `filter` of a subscription). Give this or `subscription_id`.',
  })
  // Checked by the controller, which names each bad part by its path like subscription writes do.
  @IsOptional()
  @OpaqueJson()
  filter?: PayloadFilter;

  @ApiPropertyOptional({
    example: 'whk_01JD3K7Q8XGZ4M5N6P7R8S9T0V',
    description: "Try this subscription's stored filter instead (no filter: every event matches).",
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  subscription_id?: string;

  @ApiProperty({
    example: 'evt_01JD3K7Q8XGZ4M5N6P7R8S9T0V',
    description: 'A published event of the workspace.',
  })
  @IsString()
  @MaxLength(100)
  event_id!: string;
}

/** One condition of the filter judged on its own against the event. */
export class FilterConditionResultDto {
  @ApiProperty({
    example: 'filter.data.amount.$gte',
    description: 'Where the condition is written, as validation errors name it.',
  })
  at!: string;

  @ApiProperty({ example: 'data.amount', description: 'The field path.' })
  path!: string;

  @ApiProperty({ enum: FILTER_OPERATORS, example: '$gte' })
  operator!: FilterOperator;

  @ApiProperty({ example: 1000, description: 'The operand as written (an array for `$in`/`$nin`).' })
  operand!: unknown;

  @ApiProperty({ example: true, description: 'Whether every step of the path is an object holding the key.' })
  present!: boolean;

  @ApiProperty({
    example: 2500,
    nullable: true,
    description: "The field's value in the event; `null` when not present.",
  })
  actual!: unknown;

  @ApiProperty({
    example: true,
    description: 'Whether this condition holds (before `$not`/`$or` combine them).',
  })
  matched!: boolean;
}

/** Whether the filter matches the event, and each condition's part. */
export class FilterTestResultDto {
  @ApiProperty({
    example: true,
    description: 'Whether the event would be delivered (the fan-out decides the same).',
  })
  matches!: boolean;

  @ApiProperty({ type: [FilterConditionResultDto], description: 'Every condition, in the order written.' })
  conditions!: FilterConditionResultDto[];
}

/** Answer of `POST /webhooks/filters/test`. */
export class FilterTestResponseDto {
  @ApiProperty({ type: FilterTestResultDto })
  data!: FilterTestResultDto;
}
