import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { watchProcess } from '@org/dev-db';

/** The account the image's processes run as here: `USER` of the Dockerfile, or `nobody`. */
export interface Account {
  name: string;
  uid: number;
  gid: number;
}

/**
 * `undefined` when this process is not root (it then runs everything as itself, already not root);
 * as root, the account named by the Dockerfile's `USER` when this machine has it, else `nobody`,
 * so the app runs without the right to write its own files, as in the image.
 */
export function imageAccount(user: string): Account | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of [user, 'nobody']) {
    const id = (flag: string) =>
      Number(
        execFileSync('id', [flag, name], { stdio: ['ignore', 'pipe', 'ignore'] })
          .toString()
          .trim(),
      );
    try {
      return { name, uid: id('-u'), gid: id('-g') };
    } catch {
      // no such account here: try the next one
    }
  }
  throw new Error(`neither "${user}" nor "nobody" exists on this machine`);
}

/** Whether `account` may execute (a file) or enter (a folder) `path`, asked of the kernel. */
export function canReach(path: string, account: Account | undefined): boolean {
  if (!account) return true;
  return spawnSync('test', ['-x', path], { uid: account.uid, gid: account.gid }).status === 0;
}

/**
 * The Node.js that runs the image's commands: this one (the workspace's pinned Node 24, as in the
 * `node:24` base image), or a copy of it under `workDir` when `account` cannot reach it (a clone
 * under /root).
 */
export function imageNode(account: Account | undefined, workDir: string): string {
  if (canReach(process.execPath, account)) return process.execPath;
  const copy = join(workDir, 'node', 'bin', 'node');
  mkdirSync(dirname(copy), { recursive: true });
  copyFileSync(process.execPath, copy);
  chmodSync(copy, 0o755);
  return copy;
}

/** How to run one of the image's commands here. */
export interface ImageCommand {
  /** The executable (`node` already mapped to {@link imageNode}) and its arguments. */
  command: string;
  args: readonly string[];
  cwd: string;
  /** The whole environment: nothing of this process's leaks in, as in a container. */
  env: Record<string, string>;
  account: Account | undefined;
}

/** A started process of the image. */
export interface RunningCommand {
  output(): string;
  exited: Promise<number | string>;
  /** Resolves once `text` was printed; rejects when the process ends first or after `timeoutMs`. */
  waitForOutput(text: string, timeoutMs: number): Promise<void>;
  stop(): Promise<number | string>;
}

/** Starts `spec`, collecting what it prints. */
export function start(spec: ImageCommand): RunningCommand {
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: spec.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(spec.account ? { uid: spec.account.uid, gid: spec.account.gid } : {}),
  });
  const watched = watchProcess(child);
  return {
    output: watched.output,
    exited: watched.exited,
    stop: () => {
      if (!watched.ended()) child.kill('SIGTERM');
      return watched.exited;
    },
    waitForOutput: watched.waitForOutput,
  };
}

/** Runs `spec` to its end: its exit code (or signal) and everything it printed. */
export async function runToEnd(spec: ImageCommand): Promise<{ status: number | string; output: string }> {
  const running = start(spec);
  const status = await running.exited;
  return { status, output: running.output() };
}
