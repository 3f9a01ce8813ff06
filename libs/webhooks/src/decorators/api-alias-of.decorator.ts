import { applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

/**
 * Swagger metadata of a route that another documented system calls by its own name (Rapidly's
 * `/webhooks/endpoints`, Apex's `DELETE /webhooks`, …): summarised as an alias of our canonical
 * operation, grouped under `Aliases (<system>)`, and not deprecated (the alias is supported).
 * @example
 * @Get()
 * @ApiAliasOf('GET /webhooks', 'Rapidly')
 * list() {}
 */
export const ApiAliasOf = (canonical: string, system: string, description?: string): MethodDecorator =>
  applyDecorators(
    ApiTags(`Aliases (${system})`),
    ApiOperation({
      summary: `Alias of ${canonical}`,
      description: description ?? `${system}'s name for \`${canonical}\`: same behaviour, same answer.`,
      deprecated: false,
    }),
  );
