import { safeEqual, type AuthorizeFunction } from '@org/common';

/**
 * Who may call the libraries' management routes (`/webhooks…`, `/events…`, `/inbound-events…`) and
 * the app's own (through `ApiKeyGuard`), given to both modules as `authorize`: `X-Api-Key` equal to
 * `API_KEY` may do everything in every workspace, equal to `API_READ_KEY` only read; anything else is
 * `null`, which is answered 401. The ingest route needs no key: it authenticates by the sender's
 * signature.
 */
export const authorizeApiKey: AuthorizeFunction = (request) => {
  const key = request.headers['x-api-key'];
  if (typeof key !== 'string') return null;
  if (process.env.API_KEY && safeEqual(key, process.env.API_KEY)) return { workspace: null };
  if (process.env.API_READ_KEY && safeEqual(key, process.env.API_READ_KEY)) {
    return { workspace: null, scopes: ['webhooks:read'] };
  }
  return null;
};
