import { BadRequestException, NotFoundException } from '@nestjs/common';
import type { ApiKeyEntry } from '../config/app-config.js';
import { WORKSPACE_PATTERN } from '@org/common';

/** The request parts workspace selection reads and cleans. */
export interface WorkspaceSelectingRequest {
  headers: Record<string, string | string[] | undefined>;
  query?: unknown;
  body?: unknown;
}

/** Header naming the workspace to act in (Repull). */
export const WORKSPACE_HEADER = 'x-workspace-id';

/** Body or query field naming the workspace to act in (Rapidly). */
export const WORKSPACE_FIELD = 'workspace_id';

/**
 * The workspace a request acts in. A key bound to a workspace acts in it: naming it again is fine,
 * naming another answers 404 (as for anything outside its workspace). A key bound to none acts in the
 * workspace the request names with `X-Workspace-Id` or `workspace_id` (body or query), else across
 * all. `workspace_id` is removed from the body and query before validation, so the DTOs, which do
 * not know it, do not refuse it as an unknown field.
 * @throws BadRequestException (400 `validation_failed`) for a malformed or contradictory choice
 * @throws NotFoundException (404 `workspace_not_found`) for another workspace than the key's own
 */
export function selectWorkspace(request: WorkspaceSelectingRequest, entry: ApiKeyEntry): string | null {
  const named = namedWorkspaces(request);
  const distinct = [...new Set(named.map((choice) => choice.value))];
  const problems = named
    .filter((choice) => !WORKSPACE_PATTERN.test(choice.value))
    .map((choice) => ({
      field: choice.field,
      message: `${choice.field} must be 1-64 characters of A-Z a-z 0-9 _ -`,
    }));
  if (problems.length === 0 && distinct.length > 1) {
    problems.push(
      ...named.map((choice) => ({
        field: choice.field,
        message: 'names another workspace than the rest of the request',
      })),
    );
  }
  if (problems.length > 0) {
    throw new BadRequestException({
      code: 'validation_failed',
      message: 'The workspace named is not valid.',
      details: problems,
    });
  }
  const chosen = distinct[0] ?? null;
  if (entry.workspace === null) return chosen;
  if (chosen !== null && chosen !== entry.workspace) {
    throw new NotFoundException({
      code: 'workspace_not_found',
      message: `Workspace "${chosen}" was not found.`,
    });
  }
  return entry.workspace;
}

interface NamedWorkspace {
  field: string;
  value: string;
}

/** Every place the request names a workspace, taking `workspace_id` out of the body and query. */
function namedWorkspaces(request: WorkspaceSelectingRequest): NamedWorkspace[] {
  const named: NamedWorkspace[] = [];
  const header = request.headers[WORKSPACE_HEADER];
  if (header !== undefined) named.push({ field: 'X-Workspace-Id', value: String(header).trim() });
  const body = request.body;
  if (isObject(body) && WORKSPACE_FIELD in body) {
    named.push({ field: WORKSPACE_FIELD, value: stringOf(body[WORKSPACE_FIELD]) });
    delete body[WORKSPACE_FIELD];
  }
  const query = request.query;
  if (isObject(query) && WORKSPACE_FIELD in query) {
    named.push({ field: WORKSPACE_FIELD, value: stringOf(query[WORKSPACE_FIELD]) });
    const { [WORKSPACE_FIELD]: _taken, ...rest } = query;
    // Express 5 parses `req.query` anew on every read (a getter): an own property shadows it.
    Object.defineProperty(request, 'query', {
      value: rest,
      writable: true,
      configurable: true,
      enumerable: true,
    });
  }
  return named;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A workspace given as a string; anything else becomes a value the pattern refuses. */
function stringOf(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}
