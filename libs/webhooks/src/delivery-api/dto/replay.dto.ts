import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { NoControlCharacters } from '@org/common';
import { DELIVERY_EXAMPLES as EX } from './delivery-examples.js';

/** Body of `POST /webhooks/:id/replay`. */
export class ReplayDto {
  @ApiProperty({
    example: EX.eventId,
    description: 'Events published after this one (and matching the subscription) are delivered again.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @NoControlCharacters()
  event_id!: string;
}
