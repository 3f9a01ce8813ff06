import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';

/** Metadata key set by {@link SignatureAuthenticated}. */
export const SIGNATURE_AUTHENTICATED = 'org:signature-authenticated';

/**
 * Marks a route that third parties call and that authenticates by a signature over the request
 * (ingest endpoints), so a host's API-key guard lets it through. Libraries set it; hosts honour it.
 */
export const SignatureAuthenticated = (): MethodDecorator & ClassDecorator =>
  SetMetadata(SIGNATURE_AUTHENTICATED, true);

/** The request properties a host's authentication sets and the libraries read. */
export interface AuthenticatedRequest {
  /**
   * The workspace the caller's API key is bound to, or `null` for a key that sees every workspace.
   * Resources of other workspaces answer 404 and never appear in lists.
   */
  workspace?: string | null;
}

/**
 * Injects the caller's workspace (`null`: not bound to one) as set by the host's authentication.
 * @example
 * list(@CurrentWorkspace() workspace: string | null) { ... }
 */
export const CurrentWorkspace = createParamDecorator(
  (_: unknown, context: ExecutionContext): string | null =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().workspace ?? null,
);
