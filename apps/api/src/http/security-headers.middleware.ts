import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Content Security Policy of Swagger UI at `/docs`: everything from this origin (the page, its
 * scripts, `swagger-ui-init.js` with the document, its stylesheet and icons; nothing from a CDN),
 * no inline script. Styles may be inline: the page carries a `<style>` block and `style` attributes,
 * and Swagger UI sets styles as it renders. `data:` images are the stylesheet's icons. Requests made
 * with "Try it out" go to this origin. Nobody may frame the page.
 */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

type Middleware = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

/**
 * `X-Content-Type-Options: nosniff` on every answer (API, errors, health, metrics, console assets,
 * docs): mounted first, before the gate and the body parsers, so answers they end early carry it
 * too. Without it a browser may read a JSON error or an asset with an echoed value as HTML or script.
 */
export function noSniff(): Middleware {
  return (_request, response, next) => {
    response.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  };
}

/**
 * The headers of Swagger UI and its assets: {@link DOCS_CONTENT_SECURITY_POLICY}, and
 * `X-Frame-Options: DENY` for browsers that do not read `frame-ancestors`.
 */
export function docsSecurityHeaders(): Middleware {
  return (_request, response, next) => {
    response.setHeader('Content-Security-Policy', DOCS_CONTENT_SECURITY_POLICY);
    response.setHeader('X-Frame-Options', 'DENY');
    next();
  };
}
