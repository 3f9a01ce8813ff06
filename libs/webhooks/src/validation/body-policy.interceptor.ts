import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import {
  createValidationPipe,
  findBodyProblems,
  ValidationFailedException,
  type ApiErrorDetail,
} from '@org/common';
import type { Observable } from 'rxjs';
import { BodyPolicyCheckMetadata } from './body-policy.js';

/**
 * Makes one 400 of a request that breaks both its DTO and a configuration-dependent {@link BodyPolicy}.
 * The global validation pipe would throw for the DTO before the service could apply the policy, so
 * the client would learn of the policy's problems only after fixing the others. Interceptors run
 * before pipes: when the policy finds problems in the raw body, this validates the body as the pipe
 * would and, if the DTO fails too, throws one `validation_failed` naming everything. Otherwise the
 * request goes on unchanged: the pipe reports DTO problems alone, the service the policy's alone (with
 * its own error), so nothing is validated twice on the way to a success.
 */
@Injectable()
export class BodyPolicyInterceptor implements NestInterceptor {
  private readonly validation = createValidationPipe();

  constructor(
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const check = this.reflector.get(BodyPolicyCheckMetadata, context.getHandler());
    const body = context.switchToHttp().getRequest<{ body?: unknown }>().body;
    if (!check || !isJsonObject(body)) return next.handle();
    const policyProblems = this.moduleRef.get(check.policy).problems(body);
    if (policyProblems.length === 0) return next.handle();
    const bodyProblems = await findBodyProblems(check.bodyType, body, this.validation);
    if (bodyProblems.length === 0) return next.handle();
    throw new ValidationFailedException([...bodyProblems, ...withoutFieldsOf(policyProblems, bodyProblems)]);
  }
}

/** The policy judges well-formed values only: a field the DTO refused is named once, by the DTO. */
function withoutFieldsOf(problems: ApiErrorDetail[], rejected: ApiErrorDetail[]): ApiErrorDetail[] {
  const rejectedFields = new Set(rejected.map((detail) => topLevelField(detail.field)));
  return problems.filter((detail) => !rejectedFields.has(topLevelField(detail.field)));
}

function topLevelField(field: string): string {
  return field.split('.', 1)[0]!;
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
