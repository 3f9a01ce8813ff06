import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { Page } from './cursor.js';

/**
 * The Swagger schema of a {@link Page} of `item`: `{ data, has_more, next_cursor }`. Subclass it so
 * the schema keeps a name of its own.
 * @example
 * export class EventPageDto extends PageDto(EventDto) {}
 */
export function PageDto<T>(item: Type<T>): Type<Page<T>> {
  class PageOfItems implements Page<T> {
    @ApiProperty({ type: [item] })
    data!: T[];

    @ApiProperty({ example: false })
    has_more!: boolean;

    @ApiProperty({
      nullable: true,
      type: String,
      example: null,
      description: 'Pass as `cursor` for the next page.',
    })
    next_cursor!: string | null;
  }
  return PageOfItems;
}
