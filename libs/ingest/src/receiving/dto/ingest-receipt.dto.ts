import { ApiProperty } from '@nestjs/swagger';

/** The answer to a verified webhook: it is stored and will be handled. */
export class IngestReceiptDto {
  @ApiProperty({ example: true, enum: [true] })
  received!: true;

  @ApiProperty({
    example: 'iev_01JD3K7Q8XGZ4M5N6P7R8S9T0V',
    description: 'Id of the stored inbound event (the first one, for a HubSpot batch).',
  })
  id!: string;

  @ApiProperty({
    type: [String],
    example: ['iev_01JD3K7Q8XGZ4M5N6P7R8S9T0V'],
    description: 'Ids of every event in the request, in order (one, except for HubSpot batches).',
  })
  ids!: string[];

  @ApiProperty({
    example: false,
    description: 'True when every event of the request had been received before: nothing new will run.',
  })
  duplicate!: boolean;
}
