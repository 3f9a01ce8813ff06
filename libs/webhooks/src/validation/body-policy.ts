import type { Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ApiErrorDetail } from '@org/common';

/**
 * A rule on a request body that depends on the module's configuration (the event type catalogue, the
 * URL policy), so it cannot be a class-validator constraint without a global container. An injectable
 * provider of the module; `BodyPolicyInterceptor` reports its problems together with the DTO's.
 */
export interface BodyPolicy {
  /**
   * The problems with `body`, one detail per problem, named by API field. `body` is the raw JSON
   * object, not yet validated: fields of the wrong type are the DTO's to report, so skip them.
   */
  problems(body: Readonly<Record<string, unknown>>): ApiErrorDetail[];
}

/** What a route declares with `@CheckBodyPolicy()`: its body DTO and the policy applied beside it. */
export interface BodyPolicyCheck {
  bodyType: Type<object>;
  policy: Type<BodyPolicy>;
}

/** Route metadata holding the {@link BodyPolicyCheck}; written by `@CheckBodyPolicy()`. */
export const BodyPolicyCheckMetadata = Reflector.createDecorator<BodyPolicyCheck>();
