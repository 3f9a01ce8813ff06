import { join } from 'node:path';

/** The checkout this project lives in: where the docs are, and where a reader runs their commands. */
export const WORKSPACE_ROOT = join(import.meta.dirname, '..', '..', '..');
