import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The workspace checkout this project lives in. */
export const WORKSPACE_ROOT = join(import.meta.dirname, '..', '..', '..');

// What `npm test`, Nx and Jest put into this process's environment would steer the commands below
// (npm's config and package variables, Nx's task variables, Jest's VM-modules flag): a user's shell
// has none of it. PATH stays, with the workspace's pinned Node first.
const OWN_VARIABLES = /^(npm_|NX_TASK_|NX_TERMINAL_|NX_STREAM_|NX_PREFIX_|JEST_|NODE_OPTIONS$|INIT_CWD$)/i;

/** This process's environment as a user's shell would have it, plus `extra`. */
export function userEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !OWN_VARIABLES.test(name)) env[name] = value;
  }
  return { ...env, ...extra };
}

/**
 * Runs a command to completion in `cwd` and returns what it printed.
 * @throws Error with the command and its whole output when it fails.
 */
export async function run(command: string, args: readonly string[], cwd: string): Promise<string> {
  try {
    const { stdout, stderr } = await execFileAsync(command, args, {
      cwd,
      env: userEnvironment(),
      maxBuffer: 64 * 1024 * 1024,
    });
    return `${stdout}${stderr}`;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout}${stderr}`, { cause: error });
  }
}
