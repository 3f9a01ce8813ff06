import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiErrorResponse } from './api-error.js';

/** Name of the host's `X-Api-Key` header security scheme that {@link ApiKeyProtected} refers to. */
export const API_KEY_SECURITY_SCHEME = 'api_key';

/** Name of the host's `Authorization: Bearer` security scheme that {@link ApiKeyProtected} refers to. */
export const BEARER_SECURITY_SCHEME = 'bearer';

/**
 * Swagger metadata of a management route a host protects with its API key: the `api_key`
 * (`X-Api-Key`) and `bearer` security schemes, and the 401 answer when neither is valid. The host
 * defines the schemes under these names and enforces them; a library only documents them. Routes
 * that authenticate by signature use `SignatureAuthenticated()` instead.
 * @example
 * @ApiKeyProtected()
 * @Controller('webhooks')
 * export class SubscriptionsController {}
 */
export const ApiKeyProtected = (): ClassDecorator & MethodDecorator =>
  applyDecorators(
    ApiSecurity(API_KEY_SECURITY_SCHEME),
    ApiBearerAuth(BEARER_SECURITY_SCHEME),
    ApiUnauthorizedResponse({ type: ApiErrorResponse, description: 'Missing or wrong API key.' }),
  );
