import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Folder of the built UI (`dist/ui` of the package). This file sits two levels below the package
 * root both as source (`src/assets`) and built (`dist/assets`), so the same path works in both.
 */
export const UI_ASSETS_DIR = fileURLToPath(new URL('../../dist/ui/', import.meta.url));

/** Whether the UI has been built (`nx run @org/console:build`). */
export function uiAssetsBuilt(): boolean {
  return existsSync(`${UI_ASSETS_DIR}console/index.html`);
}
