import { CONSOLE_PATH, PORTAL_PATH } from '../console.constants.js';

/** Content Security Policy of the UI pages: no third-party origin is ever needed (nothing from a CDN). */
const UI_CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'";

/** One page of the UI: where it is served, the folder of `dist/ui` it is served from, its headers. */
export interface UiPage {
  /** `/console` or `/portal`, outside the host's global API prefix. */
  path: string;
  /** Folder under `dist/ui` (`console/`). */
  folder: string;
  /** Headers of everything under `path`: the CSP with the page's framing, nosniff, no referrer. */
  headers: Record<string, string>;
}

function page(path: string, frameAncestors: string): UiPage {
  return {
    path,
    folder: `${path.slice(1)}/`,
    headers: {
      'Content-Security-Policy': `${UI_CONTENT_SECURITY_POLICY}; frame-ancestors ${frameAncestors}`,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    },
  };
}

/**
 * The two pages. The portal page may be framed by any host app (that is its purpose); the console
 * may not be framed.
 */
export const UI_PAGES: readonly UiPage[] = [page(CONSOLE_PATH, "'none'"), page(PORTAL_PATH, '*')];

/**
 * The scripts and styles both pages load (`/ui-assets`). Entry scripts keep stable names (for
 * embedding), so every asset is revalidated by its ETag (`max-age=0`); they are served under their
 * own types only (nosniff), whatever the host adds.
 */
export const UI_SHARED_ASSETS = {
  path: '/ui-assets',
  folder: 'ui-assets/',
  headers: { 'X-Content-Type-Options': 'nosniff' },
} as const;
