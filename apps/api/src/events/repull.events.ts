import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Min, ValidateNested } from 'class-validator';
import { WebhookEvent } from '@org/webhooks';

// The events Repull documents (seed 004), so its example requests subscribe to types that exist.

/** A calendar day, `YYYY-MM-DD` (a stay's dates have no time of day). */
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The guest of a reservation. */
export class Guest {
  @IsOptional()
  @IsString()
  name?: string;

  @IsOptional()
  @IsEmail()
  email?: string;
}

/** An amount in the smallest currency unit. */
export class Money {
  @IsInt()
  @Min(0)
  amount!: number;

  @IsString()
  currency!: string;
}

/** `reservation.created`. */
@WebhookEvent('reservation.created', {
  description: 'A reservation was created.',
  example: {
    id: 'res_8812',
    listing_id: 'lst_204',
    guest: { name: 'Ada Lovelace', email: 'ada@example.com' },
    check_in: '2026-07-01',
    check_out: '2026-07-05',
    total: { amount: 84000, currency: 'USD' },
  },
})
export class ReservationCreated {
  @IsString()
  id!: string;

  @IsOptional()
  @IsString()
  listing_id?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => Guest)
  guest?: Guest;

  @ApiProperty({ description: 'Arrival day, YYYY-MM-DD.' })
  @IsOptional()
  @Matches(DAY)
  check_in?: string;

  @ApiProperty({ description: 'Departure day, YYYY-MM-DD.' })
  @IsOptional()
  @Matches(DAY)
  check_out?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => Money)
  total?: Money;
}

/** `reservation.updated`. */
@WebhookEvent('reservation.updated', {
  description: 'A reservation changed.',
  example: { id: 'res_8812', changes: ['check_out'], check_out: '2026-07-06' },
})
export class ReservationUpdated {
  @IsString()
  id!: string;

  @ApiProperty({ description: 'The names of the fields that changed.' })
  @IsOptional()
  @IsString({ each: true })
  changes?: string[];

  @IsOptional()
  @Matches(DAY)
  check_in?: string;

  @IsOptional()
  @Matches(DAY)
  check_out?: string;
}

/** `reservation.cancelled`. */
@WebhookEvent('reservation.cancelled', {
  description: 'A reservation was cancelled.',
  example: { id: 'res_8812', cancelled_by: 'guest', reason: 'change of plans' },
})
export class ReservationCancelled {
  @IsString()
  id!: string;

  @IsOptional()
  @IsIn(['guest', 'host'])
  cancelled_by?: 'guest' | 'host';

  @IsOptional()
  @IsString()
  reason?: string;
}

/** `message.received`. */
@WebhookEvent('message.received', {
  description: 'A guest message was received.',
  example: { id: 'msg_301', reservation_id: 'res_8812', body: 'What time is check-in?' },
})
export class MessageReceived {
  @IsString()
  id!: string;

  @IsOptional()
  @IsString()
  reservation_id?: string;

  @IsOptional()
  @IsString()
  body?: string;
}
