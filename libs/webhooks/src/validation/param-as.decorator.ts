import { Body, Query, type Type } from '@nestjs/common';

/**
 * `@Body()` validated and documented as `type`, for a route whose body class is chosen when the
 * module is built (it depends on the module's `compatibility`), so the parameter's TypeScript type
 * cannot name it: the global validation pipe and Swagger both read the parameter's type from
 * `design:paramtypes`, which this sets.
 * @example
 * create(@BodyAs(dtos.createSubscription) body: CreateSubscriptionDto) {}
 */
export const BodyAs = (type: Type): ParameterDecorator => withParamType(Body(), type);

/** `@Query()` validated and documented as `type`: see {@link BodyAs}. */
export const QueryAs = (type: Type): ParameterDecorator => withParamType(Query(), type);

function withParamType(param: ParameterDecorator, type: Type): ParameterDecorator {
  return (target, method, index) => {
    param(target, method, index);
    // TypeScript and SWC write `design:paramtypes` before they apply parameter decorators, so the
    // declared type is there to be replaced.
    const types: unknown[] = [...(Reflect.getMetadata('design:paramtypes', target, method!) ?? [])];
    types[index] = type;
    Reflect.defineMetadata('design:paramtypes', types, target, method!);
  };
}
