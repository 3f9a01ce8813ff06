import { applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

/** The Swagger tag grouping `system`'s aliases; controllers of aliases carry it. */
export const ApiAliasesTag = (system: string): ClassDecorator => ApiTags(`Aliases (${system})`);

/**
 * Swagger metadata of a route that another documented system calls by its own name (Rapidly's
 * `/webhooks/endpoints`, Apex's `DELETE /webhooks`, …): summarised as an alias of our canonical
 * operation and not deprecated (the alias is supported). Its controller carries {@link ApiAliasesTag}.
 * @example
 * @Get()
 * @ApiAliasOf('GET /webhooks', 'Rapidly')
 * list() {}
 */
export const ApiAliasOf = (canonical: string, system: string, description?: string): MethodDecorator =>
  applyDecorators(
    ApiOperation({
      summary: `Alias of ${canonical}`,
      description: description ?? `${system}'s name for \`${canonical}\`: same behaviour, same answer.`,
      deprecated: false,
    }),
  );
