import { allowsEveryone, brandAllowsEveryone } from './allow-everyone-in-development.js';
import type { Authorizer, AuthorizeFunction, ManagementRequest, Principal } from './authorize.interface.js';

/**
 * One `authorize` out of several, asked in order: the first principal wins, `null` passes the
 * request on to the next, and `null` from all of them is `null` (401). A thrown error stops there.
 * Composes a host's own check with `PortalAuthorizer` of `@org/console`, for instance.
 * @example
 * @Injectable()
 * class AppAuthorizer implements Authorizer {
 *   private readonly chain: AuthorizeFunction;
 *   constructor(portal: PortalAuthorizer, keys: ApiKeyAuthorizer) {
 *     this.chain = firstOf(portal, keys);
 *   }
 *   authorize(request: ManagementRequest) {
 *     return this.chain(request);
 *   }
 * }
 */
export function firstOf(
  ...authorizers: readonly (AuthorizeFunction | Authorizer)[]
): (request: ManagementRequest) => Promise<Principal | null> {
  const steps = authorizers.map((authorizer) =>
    typeof authorizer === 'function'
      ? authorizer
      : (request: ManagementRequest) => authorizer.authorize(request),
  );
  const composed = async (request: ManagementRequest): Promise<Principal | null> => {
    for (const step of steps) {
      const principal = await step(request);
      if (principal !== null) return principal;
    }
    return null;
  };
  // Anything after an "allow everyone" is never asked: the whole composition lets everyone in.
  return authorizers.some(allowsEveryone) ? brandAllowsEveryone(composed) : composed;
}
