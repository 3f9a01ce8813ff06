import type { WorkspaceScope } from '../workspace-scope.js';

/** True when a row of `workspace` is visible to a caller with `scope` (`null` sees everything). */
export function inScope(workspace: string | null, scope: WorkspaceScope): boolean {
  return scope === null || workspace === scope;
}
