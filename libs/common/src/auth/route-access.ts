import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';

/** Metadata key set by {@link SignatureAuthenticated}. */
export const SIGNATURE_AUTHENTICATED = 'org:signature-authenticated';

/**
 * Marks a route that third parties call and that authenticates by a signature over the request
 * (ingest endpoints): it needs no `authorize`, and a host's own checks before it (an API-key gate)
 * let it through. Libraries set it; hosts honour it.
 */
export const SignatureAuthenticated = (): MethodDecorator & ClassDecorator =>
  SetMetadata(SIGNATURE_AUTHENTICATED, true);

/** The request property a library's management guard sets from the `authorize` principal. */
export interface AuthenticatedRequest {
  /**
   * The workspace the caller acts in, or `null` for a caller that sees every workspace.
   * Resources of other workspaces answer 404 and never appear in lists.
   */
  workspace?: string | null;
}

/**
 * Injects the caller's workspace (`null`: not bound to one) as the module's management guard set it
 * from the principal its `authorize` option answered.
 * @example
 * list(@CurrentWorkspace() workspace: string | null) { ... }
 */
export const CurrentWorkspace = createParamDecorator(
  (_: unknown, context: ExecutionContext): string | null =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().workspace ?? null,
);
