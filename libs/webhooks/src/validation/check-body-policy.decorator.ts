import { applyDecorators, UseInterceptors, type Type } from '@nestjs/common';
import { BodyPolicyInterceptor } from './body-policy.interceptor.js';
import { BodyPolicyCheckMetadata, type BodyPolicy } from './body-policy.js';

/**
 * Applies `policy` (a provider of the module) to the route's body beside its DTO, so that a request
 * breaking both gets one 400 naming every bad field. The service must still enforce the policy: this
 * only merges the reports.
 * @example
 * @Post()
 * @CheckBodyPolicy(CreateSubscriptionDto, SubscriptionBodyPolicy)
 * create(@Body() body: CreateSubscriptionDto) {}
 */
export const CheckBodyPolicy = (bodyType: Type<object>, policy: Type<BodyPolicy>): MethodDecorator =>
  applyDecorators(BodyPolicyCheckMetadata({ bodyType, policy }), UseInterceptors(BodyPolicyInterceptor));
