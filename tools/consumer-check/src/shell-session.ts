import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { watchProcess, type WatchedProcess } from '@org/dev-db';
import type { ShellBlock } from './shell-blocks.js';

/** A block started in the background, and its process group. */
interface BackgroundBlock {
  block: ShellBlock;
  child: ChildProcessByStdio<null, Readable, Readable>;
  watched: WatchedProcess;
  /** Resolves once every process of the group has let go of its output (all of them ended). */
  closed: Promise<void>;
}

/** How long a foreground block may run, and a background one take to print its ready text. */
const BLOCK_TIMEOUT_MS = 180_000;
/** How long a stopped background block may take to end before its group is killed. */
const STOP_TIMEOUT_MS = 15_000;

/**
 * A person's terminals over a page's shell blocks. Foreground blocks run one after the other in
 * `bash -euo pipefail`, each from the working directory and with the variables the blocks before
 * it left, as in one terminal: every assignment is exported (`set -a`) and the exported variables
 * are kept in a file between blocks. A background block (a second terminal) starts from that state
 * in a process group of its own; {@link close} stops each group.
 */
export class ShellSession {
  private readonly dir = mkdtempSync(join(tmpdir(), 'shell-session-'));
  private readonly stateFile = join(this.dir, 'variables.sh');
  private readonly cwdFile = join(this.dir, 'cwd');
  private readonly background: BackgroundBlock[] = [];

  /** Starts in `cwd` with the environment `env` (a user's shell, plus what the page tells them to set). */
  constructor(
    cwd: string,
    private readonly env: Record<string, string>,
  ) {
    writeFileSync(this.stateFile, '');
    writeFileSync(this.cwdFile, cwd);
  }

  /**
   * Runs a foreground block to its end and returns what it printed.
   * @throws Error naming the block's file and line, with its code and output, when a command fails.
   */
  async run(block: ShellBlock): Promise<string> {
    const save = `export -p | sed '/^declare -[a-zA-Z]*r/d' > '${this.stateFile}'; pwd > '${this.cwdFile}'`;
    const { child, watched } = this.spawn(`trap "${save}" EXIT\nset -a\n${block.code}`, false);
    const timer = setTimeout(() => child.kill('SIGKILL'), BLOCK_TIMEOUT_MS);
    try {
      await new Promise((resolve) => child.once('close', resolve));
    } finally {
      clearTimeout(timer);
    }
    const status = await watched.exited;
    if (status !== 0) throw new Error(failure(block, `ended with ${status}`, watched.output()));
    return watched.output();
  }

  /**
   * Starts a background block and resolves once its output shows its ready text.
   * @throws Error naming the block, with its output, when it ends first or is not ready in time.
   */
  async start(block: ShellBlock): Promise<WatchedProcess> {
    if (block.run.kind !== 'background') throw new Error(failure(block, 'is not a background block', ''));
    const { child, watched } = this.spawn(block.code, true);
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    this.background.push({ block, child, watched, closed });
    try {
      await watched.waitForOutput(block.run.readyWhen, BLOCK_TIMEOUT_MS);
    } catch (error) {
      throw new Error(failure(block, (error as Error).message.split('\n')[0]!, watched.output()), {
        cause: error,
      });
    }
    return watched;
  }

  /** The value the blocks so far left in variable `name` ('' when unset). */
  async variable(name: string): Promise<string> {
    if (!/^[A-Za-z_]\w*$/.test(name)) throw new Error(`not a variable name: ${name}`);
    const probe: ShellBlock = {
      file: 'ShellSession',
      line: 0,
      code: `printf '%s' "\${${name}-}"`,
      run: { kind: 'foreground' },
    };
    return this.run(probe);
  }

  /** Stops every background block (SIGTERM to its group, SIGKILL after a while) and forgets the state. */
  async close(): Promise<void> {
    await Promise.all(this.background.map((running) => stopGroup(running)));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private spawn(code: string, ownGroup: boolean) {
    const script = `set -euo pipefail\nsource '${this.stateFile}'\ncd "$(cat '${this.cwdFile}')"\n${code}\n`;
    const child = spawn('bash', ['-c', script], {
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: ownGroup,
    });
    return { child, watched: watchProcess(child) };
  }
}

async function stopGroup({ child, closed }: BackgroundBlock): Promise<void> {
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // The group has ended already.
    }
  };
  signal('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const killed = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      signal('SIGKILL');
      resolve();
    }, STOP_TIMEOUT_MS);
  });
  await Promise.race([closed, killed]);
  clearTimeout(timer);
  await closed;
}

function failure(block: ShellBlock, what: string, output: string): string {
  return `${block.file}:${block.line}: the block ${what}\n--- block:\n${block.code}\n--- output:\n${output}`;
}
