import { HttpException, Logger, UnauthorizedException, type OnModuleInit, type Type } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { COMMON_MESSAGES } from '../common.messages.js';
import { describeValue } from '../options/option-checker.js';
import { isAuthorizerClass } from './authorize-option.js';
import type {
  Authorizer,
  AuthorizeFunction,
  AuthorizeOption,
  ManagementRequest,
  Principal,
} from './authorize.interface.js';
import { assertScopeAllows, MANAGEMENT_SCOPES } from './management-scopes.js';
import { WORKSPACE_PATTERN, WORKSPACE_RULE } from './workspace.js';

/** What a module's {@link ManagementAuthorization} is made of. */
export interface ManagementAuthorizationSetup {
  /** The module whose routes it guards, as log lines name it (`WebhooksModule`). */
  moduleName: string;
  /** The module's resolved `authorize` option; `null` (none given) refuses every request. */
  authorize: AuthorizeOption | null;
  /** The module's injector, which an `Authorizer` class is taken from or created with. */
  moduleRef?: ModuleRef;
}

/**
 * The enforcement of a module's `authorize` option, written once for the management guard of every
 * library: asks `authorize` who calls, refuses with 401 when it answers `null`, passes on an
 * `HttpException` it throws unchanged (a host's 429, a portal's 403), turns any other error into a
 * logged 401 (never a 500), refuses a method the principal's scopes do not cover with 403, and binds
 * the request to the principal (`request.workspace`, what `@CurrentWorkspace()` reads, and
 * `request.principal`). Workspace scoping follows from `request.workspace`: the services answer 404
 * for another workspace's resources and leave them out of lists. Steps are `protected`, so a subclass
 * can narrow them.
 */
export class ManagementAuthorization implements OnModuleInit {
  private readonly logger: Logger;
  private authorizer: Promise<AuthorizeFunction> | null = null;

  constructor(private readonly setup: ManagementAuthorizationSetup) {
    this.logger = new Logger(setup.moduleName);
  }

  /** Takes or creates an `Authorizer` class at start-up, so one that cannot be built stops start-up. */
  async onModuleInit(): Promise<void> {
    await this.authorizeFunction();
  }

  /**
   * Authorizes one management request and binds it to the caller's principal.
   * @throws UnauthorizedException (401 `unauthorized`) when `authorize` answers `null`, fails, or
   * answers something that is not a principal.
   * @throws ForbiddenException (403 `forbidden`) when the principal's scopes do not allow the method.
   * @throws the `HttpException` `authorize` threw, unchanged.
   */
  async enforce(request: ManagementRequest): Promise<Principal> {
    const principal = await this.principalOf(request);
    this.checkScopes(request, principal);
    this.bind(request, principal);
    return principal;
  }

  /** The principal `authorize` answers for `request`; see {@link enforce} for the refusals. */
  protected async principalOf(request: ManagementRequest): Promise<Principal> {
    let answer: unknown;
    try {
      answer = await (await this.authorizeFunction())(request);
    } catch (error) {
      if (error instanceof HttpException) throw error;
      return this.refuseBroken(COMMON_MESSAGES.authorizeThrew(this.setup.moduleName, error), error);
    }
    if (answer === null) {
      throw new UnauthorizedException({
        code: 'unauthorized',
        message: COMMON_MESSAGES.authorizeReturnedNull,
      });
    }
    const problem = principalProblem(answer);
    if (problem !== null) {
      return this.refuseBroken(COMMON_MESSAGES.principalInvalid(this.setup.moduleName, problem));
    }
    return answer as Principal;
  }

  /** Refuses a method the principal may not use (a read-only principal writing) with 403. */
  protected checkScopes(request: ManagementRequest, principal: Principal): void {
    assertScopeAllows(request.method, principal.scopes ?? MANAGEMENT_SCOPES);
  }

  /** Binds the request to the principal: its workspace for the services, and the principal itself. */
  protected bind(request: ManagementRequest, principal: Principal): void {
    request.workspace = principal.workspace;
    request.principal = principal;
  }

  /** Logs why `authorize` could not answer, once, and refuses the caller with 401. */
  private refuseBroken(sentence: string, error?: unknown): never {
    this.logger.error(sentence, error instanceof Error ? error.stack : undefined);
    throw new UnauthorizedException({ code: 'unauthorized', message: COMMON_MESSAGES.authorizeFailed });
  }

  private authorizeFunction(): Promise<AuthorizeFunction> {
    return (this.authorizer ??= this.resolve(this.setup.authorize));
  }

  private async resolve(option: AuthorizeOption | null): Promise<AuthorizeFunction> {
    if (option === null) {
      const sentence = COMMON_MESSAGES.authorizeNotGiven(this.setup.moduleName);
      return () => {
        throw new Error(sentence);
      };
    }
    if (!isAuthorizerClass(option)) return option;
    const instance = await this.instanceOf(option);
    return (request) => instance.authorize(request);
  }

  /** The host's instance when it registered the class as a provider, else one made by the module. */
  private async instanceOf(type: Type<Authorizer>): Promise<Authorizer> {
    const moduleRef = this.setup.moduleRef;
    if (!moduleRef)
      throw new Error(COMMON_MESSAGES.authorizerWithoutInjector(this.setup.moduleName, type.name));
    let registered: Authorizer | undefined;
    try {
      registered = moduleRef.get(type, { strict: false });
    } catch {
      // Not a provider anywhere: created below with the module's injector.
    }
    return registered ?? moduleRef.create(type);
  }
}

/** What is wrong with an answer of `authorize` that is not `null`, or `null` for a valid principal. */
function principalProblem(answer: unknown): string | null {
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) {
    return `${describeValue(answer)} instead of a principal or null`;
  }
  const { workspace, scopes } = answer as { workspace?: unknown; scopes?: unknown };
  if (workspace !== null && !(typeof workspace === 'string' && WORKSPACE_PATTERN.test(workspace))) {
    return `a principal whose workspace is ${describeValue(workspace)}, not null or ${WORKSPACE_RULE}`;
  }
  if (
    scopes !== undefined &&
    !(
      Array.isArray(scopes) &&
      scopes.every((scope) => (MANAGEMENT_SCOPES as readonly unknown[]).includes(scope))
    )
  ) {
    return `a principal whose scopes are not a list of ${MANAGEMENT_SCOPES.join(', ')}`;
  }
  return null;
}
