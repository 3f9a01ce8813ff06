import { html, nothing, type TemplateResult } from 'lit';
import type { ApiClient } from '../api.js';
import type { AppMode } from '../view-element.js';

/** A row that may say which workspace it belongs to (null: none, e.g. a source from the environment). */
interface WorkspaceRow {
  workspace?: string | null;
}

/**
 * Whether a list shows a Workspace column: in the console acting across all workspaces (a key bound
 * to none, no workspace chosen), when the API says which workspace each row is in.
 */
export function showsWorkspace(api: ApiClient, mode: AppMode, rows: readonly object[]): boolean {
  return mode === 'console' && api.workspace === null && rows.some((row) => 'workspace' in row);
}

/** The Workspace cell of a row, when the list {@link showsWorkspace}. */
export function workspaceCell(shown: boolean, row: WorkspaceRow): TemplateResult | typeof nothing {
  if (!shown) return nothing;
  return html`<td data-label="Workspace" data-workspace>
    ${row.workspace ?? html`<span class="muted">none</span>`}
  </td>`;
}

/** The column names with Workspace first, when shown. */
export function withWorkspace(shown: boolean, columns: readonly string[]): string[] {
  return shown ? ['Workspace', ...columns] : [...columns];
}
