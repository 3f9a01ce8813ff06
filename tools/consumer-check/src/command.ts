import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { userEnvironment } from '@org/docs-check';

const execFileAsync = promisify(execFile);

/** The workspace checkout this project lives in. */
export const WORKSPACE_ROOT = join(import.meta.dirname, '..', '..', '..');

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
