import type { AuthorizeFunction, Principal } from './authorize.interface.js';

/**
 * The brand of {@link allowEveryoneInDevelopment}, registered globally so that two copies of this
 * package in one app still recognise it.
 */
const ALLOWS_EVERYONE = Symbol.for('@org/common/allowEveryoneInDevelopment');

/**
 * The only "allow everyone" `authorize`: every caller acts across every workspace with every scope.
 * For first steps and tests; a module refuses it at start-up when `NODE_ENV=production`.
 * @example
 * WebhooksModule.forRoot({ authorize: allowEveryoneInDevelopment })
 */
export const allowEveryoneInDevelopment: AuthorizeFunction = brandAllowsEveryone(
  function allowEveryoneInDevelopment(): Principal {
    return { workspace: null };
  },
);

/** Whether `authorize` lets everyone in: {@link allowEveryoneInDevelopment}, or a composition holding it. */
export function allowsEveryone(authorize: unknown): boolean {
  return typeof authorize === 'function' && Reflect.get(authorize, ALLOWS_EVERYONE) === true;
}

/** Marks `authorize` as letting everyone in, so that production refuses it (used by compositions). */
export function brandAllowsEveryone<F extends AuthorizeFunction>(authorize: F): F {
  return Object.defineProperty(authorize, ALLOWS_EVERYONE, { value: true });
}
