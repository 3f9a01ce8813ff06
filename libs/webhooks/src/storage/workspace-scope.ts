/**
 * Which workspace a caller may see: a workspace name, or `null` for a caller bound to none, who
 * sees every workspace (and creates resources with no workspace).
 */
export type WorkspaceScope = string | null;
