import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiErrorResponse } from '@org/common';

/**
 * Swagger metadata of a management controller: the host's `api_key` (`X-Api-Key`) and `bearer`
 * security schemes, and the 401 answer when neither is valid. The host defines the schemes with
 * these names and enforces them; the library only documents them.
 * @example
 * @ApiWebhooksAuth()
 * @Controller('webhooks')
 * export class SubscriptionsController {}
 */
export const ApiWebhooksAuth = (): ClassDecorator & MethodDecorator =>
  applyDecorators(
    ApiSecurity('api_key'),
    ApiBearerAuth('bearer'),
    ApiUnauthorizedResponse({ type: ApiErrorResponse, description: 'Missing or wrong API key.' }),
  );
